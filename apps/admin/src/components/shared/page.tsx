import { Alert, EmptyState, errorCode, errorText, Link, Spinner } from '@party/ui';
import { type ReactNode, Suspense } from 'react';
import { useT } from '../../i18n';
import { isMissing } from './form-logic';

/** The head of an admin page: its title, a sentence on what it is for, and actions on the right. */
export function PageHead({
  title,
  intro,
  introClassName,
  back,
  actions,
}: {
  title: ReactNode;
  intro: ReactNode;
  introClassName?: string;
  /** The list this page is one record of. */
  back?: { to: string; label: string };
  actions?: ReactNode;
}) {
  return (
    <div className="page-head">
      <div>
        {back && (
          <Link to={back.to} className="back-link">
            {back.label}
          </Link>
        )}
        <h1>{title}</h1>
        <p className={introClassName ? `muted ${introClassName}` : 'muted'}>{intro}</p>
      </div>
      {actions}
    </div>
  );
}

/** A lazily loaded card: a card with a spinner until its code has arrived. */
export function LazyCard({ loadingLabel, children }: { loadingLabel: string; children: ReactNode }) {
  return (
    <Suspense
      fallback={
        <section className="card">
          <Spinner label={loadingLabel} />
        </section>
      }
    >
      {children}
    </Suspense>
  );
}

/**
 * What a record's page shows when the record could not be loaded: that there is no such thing
 * (deleted, or never there) with the way back to the list, or what went wrong.
 */
export function LoadFailure({
  error,
  missingTitle,
  back,
}: {
  error: unknown;
  missingTitle: string;
  back: { to: string; label: string };
}) {
  const t = useT();
  return isMissing(errorCode(error)) ? (
    <EmptyState title={missingTitle}>
      {t('common.maybeDeleted')} <Link to={back.to}>{back.label}</Link>
    </EmptyState>
  ) : (
    <Alert>{errorText(error)}</Alert>
  );
}

/** A card of a page, named by its heading (its landmark name for screen readers too). */
export function Card({
  headingId,
  title,
  danger = false,
  children,
}: {
  headingId: string;
  title: string;
  /** The look of a card whose actions cannot be undone. */
  danger?: boolean;
  children: ReactNode;
}) {
  return (
    <section className={danger ? 'card card--danger' : 'card'} aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {children}
    </section>
  );
}
