import { EmptyState } from '../components/feedback';
import { Link } from '../router';

/** What both SPAs show for a path that is none of their pages, with the way back to their start page. */
export function NotFoundPage({ backLabel }: { backLabel: string }) {
  return (
    <EmptyState title="Page not found">
      There is nothing at this address. <Link to="/">{backLabel}</Link>
    </EmptyState>
  );
}
