import { EmptyState } from '../components/feedback';
import { useUiT } from '../i18n/use-t';
import { Link } from '../router';

/** What both SPAs show for a path that is none of their pages, with the way back to their start page. */
export function NotFoundPage({ backLabel }: { backLabel: string }) {
  const t = useUiT();
  return (
    <EmptyState title={t('notFound.title')}>
      {t('notFound.body')} <Link to="/">{backLabel}</Link>
    </EmptyState>
  );
}
