import { Alert, errorText, formatLocale, type RouterOutputs, Spinner, trpc } from '@party/ui';
import { Card, PageHead } from '../components/shared/page';
import { type Column, QueryTable } from '../components/shared/query-table';
import { useT } from '../i18n';

type Status = RouterOutputs['admin']['integration']['status'];
type Delivery = Status['webhooks']['recentDeliveries'][number];
type Rejection = Status['webhooks']['recentRejections'][number];
type Run = Status['pull']['runs'][number];

const ACTIVE: ReadonlyArray<Run['status']> = ['queued', 'running'];

/** The ticketing backend integration: is it set up, what arrived, what was refused, how syncs went. */
export function IntegrationPage() {
  const t = useT();
  const status = trpc.admin.integration.status.useQuery(undefined, {
    // While a sync runs its progress is followed; otherwise a minute is recent enough.
    refetchInterval: (query) =>
      query.state.data?.pull.runs.some((run) => ACTIVE.includes(run.status)) ? 1500 : 60_000,
  });

  return (
    <>
      <PageHead title={t('integration.title')} intro={t('integration.intro')} />
      {status.isPending ? (
        <Spinner />
      ) : status.error ? (
        <Alert>{errorText(status.error)}</Alert>
      ) : (
        <>
          <WebhooksCard webhooks={status.data.webhooks} />
          <SyncCard pull={status.data.pull} />
        </>
      )}
    </>
  );
}

function ConfiguredBadge({ configured }: { configured: boolean }) {
  const t = useT();
  return configured ? (
    <span className="badge badge--open">{t('integration.configured')}</span>
  ) : (
    <span className="badge">{t('integration.notConfigured')}</span>
  );
}

function useDateTime() {
  return new Intl.DateTimeFormat(formatLocale(), { dateStyle: 'medium', timeStyle: 'medium' });
}

function WebhooksCard({ webhooks }: { webhooks: Status['webhooks'] }) {
  const t = useT();
  const when = useDateTime();
  const deliveryColumns: Column<Delivery>[] = [
    { label: t('integration.colReceived'), cell: (row) => when.format(row.receivedAt) },
    { label: t('integration.colType'), cell: (row) => <span className="mono">{row.type}</span> },
    {
      label: t('integration.colStatus'),
      cell: (row) => (
        <>
          <span className={`badge${row.status === 'failed' ? ' badge--failed' : ''}`}>
            {t(`integration.deliveryStatus.${row.status}`)}
          </span>{' '}
          <span className="muted small">{row.error ?? row.outcome ?? ''}</span>
        </>
      ),
    },
  ];
  const rejectionColumns: Column<Rejection>[] = [
    { label: t('integration.colReceived'), cell: (row) => when.format(row.receivedAt) },
    {
      label: t('integration.colReason'),
      cell: (row) => <span className="badge badge--failed">{t(`integration.reasons.${row.reason}`)}</span>,
    },
    { label: t('integration.colDetail'), cell: (row) => <span className="small">{row.detail}</span> },
  ];
  return (
    <Card headingId="integration-webhooks" title={t('integration.webhooksTitle')}>
      <p>
        <ConfiguredBadge configured={webhooks.configured} />
      </p>
      {!webhooks.configured && <p className="muted">{t('integration.webhooksOff')}</p>}
      <dl className="integration-facts">
        <dt>{t('integration.lastWebhook')}</dt>
        <dd>{webhooks.lastReceivedAt ? when.format(webhooks.lastReceivedAt) : t('integration.never')}</dd>
        <dt>{t('integration.deliveries')}</dt>
        <dd>{webhooks.deliveries}</dd>
        <dt>{t('integration.rejected')}</dt>
        <dd data-testid="rejected-count">{webhooks.rejections}</dd>
      </dl>
      <h3 className="integration-subhead">{t('integration.recentRejections')}</h3>
      <QueryTable
        query={{ isPending: false, error: null, data: webhooks.recentRejections }}
        columns={rejectionColumns}
        rowKey={(row) => row.id}
        empty={{ title: t('integration.noRejections') }}
      />
      <h3 className="integration-subhead">{t('integration.recentDeliveries')}</h3>
      <QueryTable
        query={{ isPending: false, error: null, data: webhooks.recentDeliveries }}
        columns={deliveryColumns}
        rowKey={(row) => row.webhookId}
        empty={{ title: t('integration.noDeliveries') }}
      />
    </Card>
  );
}

function SyncCard({ pull }: { pull: Status['pull'] }) {
  const t = useT();
  const when = useDateTime();
  const utils = trpc.useUtils();
  const syncNow = trpc.admin.integration.syncNow.useMutation({
    onSettled: () => utils.admin.integration.status.invalidate(),
  });
  const [latest] = pull.runs;
  const active = latest && ACTIVE.includes(latest.status) ? latest : undefined;
  const finished = pull.runs.find((run) => !ACTIVE.includes(run.status));

  return (
    <Card headingId="integration-sync" title={t('integration.syncTitle')}>
      <p>
        <ConfiguredBadge configured={pull.configured} />
      </p>
      <p className="muted">{pull.configured ? t('integration.syncIntro') : t('integration.syncOff')}</p>
      <div className="form-actions">
        <button
          type="button"
          className="button button--primary"
          disabled={!pull.configured || Boolean(active) || syncNow.isPending}
          onClick={() => syncNow.mutate()}
        >
          {active || syncNow.isPending ? t('integration.syncing') : t('integration.syncNow')}
        </button>
        {active && (
          <span className="muted" aria-live="polite">
            {active.eventsTotal === null
              ? t('integration.starting')
              : t('integration.progress', { done: active.eventsDone, total: active.eventsTotal })}
          </span>
        )}
      </div>
      {syncNow.error && <Alert>{errorText(syncNow.error)}</Alert>}
      <h3 className="integration-subhead">{t('integration.lastSync')}</h3>
      {finished ? (
        <RunSummary run={finished} when={when} />
      ) : (
        <p className="muted">{t('integration.noSync')}</p>
      )}
    </Card>
  );
}

function RunSummary({ run, when }: { run: Run; when: Intl.DateTimeFormat }) {
  const t = useT();
  const report = run.report;
  return (
    <div className="stack" data-testid="last-sync">
      <p>
        {t('integration.runAt', {
          status: t(`integration.runStatus.${run.status}`),
          when: when.format(run.finishedAt ?? run.createdAt),
        })}
      </p>
      {run.error && <Alert>{run.error}</Alert>}
      {report && (
        <p className="muted">
          {t('integration.report', {
            eventsCreated: report.events.created,
            eventsUpdated: report.events.updated,
            eventsRemoved: report.events.removed,
            eventsMarked: report.events.marked,
            attendeesCreated: report.attendees.created,
            attendeesUpdated: report.attendees.updated,
            attendeesRemoved: report.attendees.removed,
            attendeesPending: report.attendees.pending,
          })}
        </p>
      )}
    </div>
  );
}
