import '../styles/overview.css';
import { Alert, errorText, formatLocale, Link, type RouterOutputs, Spinner, trpc } from '@party/ui';
import { Card, PageHead } from '../components/shared/page';
import { useT } from '../i18n';

type Summary = RouterOutputs['admin']['overview']['summary'];

/** Refresh while uploads or processing are under way, so "in progress" does not go stale. */
const BUSY_POLL_MS = 5000;

/**
 * The admin's start page: the first steps until each is done, then what needs attention (drafts
 * ready to publish, failures, uploads, open invites) and what happened lately.
 */
export function OverviewPage() {
  const t = useT();
  const summary = trpc.admin.overview.summary.useQuery(undefined, {
    refetchInterval: (query) => {
      const counts = query.state.data?.counts;
      return counts && counts.uploadsInProgress + counts.processing > 0 ? BUSY_POLL_MS : false;
    },
  });
  return (
    <>
      <PageHead title={t('overview.title')} intro={t('overview.intro')} />
      {summary.isPending ? (
        <Spinner />
      ) : summary.error ? (
        <Alert>{errorText(summary.error)}</Alert>
      ) : (
        <>
          <FirstSteps summary={summary.data} />
          <Attention summary={summary.data} />
          <Activity summary={summary.data} />
        </>
      )}
    </>
  );
}

const STEPS = ['event', 'upload', 'publish', 'invite'] as const;

/** The four steps of a new installation, each ticked when done; hidden once all are. */
function FirstSteps({ summary }: { summary: Summary }) {
  const t = useT();
  if (STEPS.every((step) => summary.steps[step])) return null;
  const eventPage = summary.firstEventId ? `/events/${summary.firstEventId}` : '/events';
  const links = { event: '/events', upload: eventPage, publish: eventPage, invite: '/invites' } as const;
  const next = STEPS.find((step) => !summary.steps[step]);
  return (
    <Card headingId="first-steps" title={t('overview.steps.title')}>
      <ol className="first-steps">
        {STEPS.map((step) => {
          const done = summary.steps[step];
          return (
            <li key={step} className={done ? 'first-step is-done' : 'first-step'}>
              <span className="first-step__mark" aria-hidden="true">
                {done ? '✓' : STEPS.indexOf(step) + 1}
              </span>
              <div>
                <strong>{t(`overview.steps.${step}.title`)}</strong>
                <span className="visually-hidden">
                  {done ? t('overview.steps.done') : t('overview.steps.notDone')}
                </span>
                <p className="muted small">{t(`overview.steps.${step}.text`)}</p>
                {!done && (
                  <Link
                    to={links[step]}
                    className={`button button--small${step === next ? ' button--primary' : ''}`}
                  >
                    {t(`overview.steps.${step}.action`)}
                  </Link>
                )}
              </div>
            </li>
          );
        })}
      </ol>
    </Card>
  );
}

/** Drafts ready to publish, failures with a link to them, uploads and processing, open invites. */
function Attention({ summary }: { summary: Summary }) {
  const t = useT();
  const { counts, attention } = summary;
  const nothing =
    attention.length === 0 &&
    counts.uploadsInProgress === 0 &&
    counts.processing === 0 &&
    counts.openInvites === 0;
  return (
    <Card headingId="attention" title={t('overview.attention.title')}>
      {nothing ? (
        <p className="muted">{t('overview.attention.nothing')}</p>
      ) : (
        <ul className="attention-list">
          {attention.map((item) => {
            const to = item.kind === 'event' ? `/events/${item.id}` : `/music/${item.id}`;
            return (
              <li key={`${item.kind}-${item.id}`}>
                <Link to={to}>{item.title}</Link>
                {item.failed > 0 && (
                  <span className="badge badge--failed">
                    {t(
                      item.kind === 'event'
                        ? 'overview.attention.failedPhotos'
                        : 'overview.attention.failedTracks',
                      {
                        count: item.failed,
                      },
                    )}
                  </span>
                )}
                {item.drafts > 0 && (
                  <span className="badge badge--draft">
                    {t(
                      item.kind === 'event'
                        ? 'overview.attention.draftPhotos'
                        : 'overview.attention.draftTracks',
                      {
                        count: item.drafts,
                      },
                    )}
                  </span>
                )}
              </li>
            );
          })}
          {counts.uploadsInProgress > 0 && (
            <li>{t('overview.attention.uploads', { count: counts.uploadsInProgress })}</li>
          )}
          {counts.processing > 0 && (
            <li>{t('overview.attention.processing', { count: counts.processing })}</li>
          )}
          {counts.openInvites > 0 && (
            <li>
              <Link to="/invites">{t('count.openInvites', { count: counts.openInvites })}</Link>
            </li>
          )}
        </ul>
      )}
    </Card>
  );
}

/** The latest events, sets, photo uploads (per event and day), members and invites. */
function Activity({ summary }: { summary: Summary }) {
  const t = useT();
  const when = new Intl.DateTimeFormat(formatLocale(), { dateStyle: 'medium', timeStyle: 'short' });
  const linkOf = (item: Summary['activity'][number]) =>
    item.kind === 'event' || item.kind === 'photos'
      ? `/events/${item.id}`
      : item.kind === 'set'
        ? `/music/${item.id}`
        : item.kind === 'member'
          ? '/members'
          : '/invites';
  return (
    <Card headingId="activity" title={t('overview.activity.title')}>
      {summary.activity.length === 0 ? (
        <p className="muted">{t('overview.activity.empty')}</p>
      ) : (
        <ul className="activity-list">
          {summary.activity.map((item) => (
            <li key={`${item.kind}-${item.id ?? ''}-${item.at.toString()}-${item.title}`}>
              <time className="muted small" dateTime={new Date(item.at).toISOString()}>
                {when.format(new Date(item.at))}
              </time>{' '}
              <Link to={linkOf(item)}>
                {t(`overview.activity.${item.kind}`, {
                  title: item.title || t('overview.activity.anyone'),
                  count: item.count,
                })}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
