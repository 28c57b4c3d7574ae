import { EmptyState, Link } from '@party/ui';

export function NotFoundPage() {
  return (
    <EmptyState title="Page not found">
      There is nothing at this address. <Link to="/">Back to the start page</Link>
    </EmptyState>
  );
}
