import { Alert, errorText, formatBytes, formatLocale, type RouterOutputs, Spinner, trpc } from '@party/ui';
import { Card, PageHead } from '../components/shared/page';
import { type Column, QueryTable } from '../components/shared/query-table';
import { useT } from '../i18n';

type Overview = RouterOutputs['admin']['system']['overview'];
type Queue = NonNullable<Overview['queues']>[number];
type Upload = Overview['uploads'][number];
type Use = Overview['storage']['events'][number];
type Sweep = NonNullable<Overview['sweep']>;

/** Most storage rows shown per list: the largest ones; the rest are summed in the caption. */
const STORAGE_ROWS = 20;

/** What the installation is doing and holds: queues, uploads, storage, the last sweep, versions. */
export function SystemPage() {
  const t = useT();
  // Uploads and queues move: a page left open stays current without hammering the server.
  const overview = trpc.admin.system.overview.useQuery(undefined, { refetchInterval: 10_000 });
  return (
    <>
      <PageHead title={t('system.title')} intro={t('system.intro')} />
      {overview.isPending ? (
        <Spinner />
      ) : overview.error ? (
        <Alert>{errorText(overview.error)}</Alert>
      ) : (
        <>
          <QueuesCard queues={overview.data.queues} />
          <UploadsCard uploads={overview.data.uploads} />
          <StorageCard storage={overview.data.storage} cache={overview.data.mediaCache} />
          <SweepCard sweep={overview.data.sweep} />
          <VersionsCard versions={overview.data.versions} />
        </>
      )}
    </>
  );
}

function QueuesCard({ queues }: { queues: Overview['queues'] }) {
  const t = useT();
  const utils = trpc.useUtils();
  const retry = trpc.admin.system.retryFailed.useMutation({
    onSettled: () => utils.admin.system.overview.invalidate(),
  });
  const columns: Column<Queue>[] = [
    { label: t('system.colKind'), cell: (row) => <span className="mono">{row.name}</span> },
    { label: t('system.colQueued'), cell: (row) => row.queued },
    { label: t('system.colActive'), cell: (row) => row.active },
    {
      label: t('system.colFailed'),
      cell: (row) => (row.failed > 0 ? <span className="badge badge--failed">{row.failed}</span> : 0),
    },
    {
      cell: (row) =>
        row.failed > 0 && (
          <button
            type="button"
            className="button"
            disabled={retry.isPending}
            onClick={() => retry.mutate({ kind: row.name })}
          >
            {t('system.retry')}
          </button>
        ),
    },
  ];
  return (
    <Card headingId="system-queues" title={t('system.queuesTitle')}>
      {queues === null ? (
        <p className="muted">{t('system.noQueue')}</p>
      ) : (
        <QueryTable
          query={{ isPending: false, error: null, data: queues }}
          columns={columns}
          rowKey={(row) => row.name}
          empty={{ title: t('system.noQueue') }}
        />
      )}
      {retry.data && (
        <p className="muted" aria-live="polite">
          {t('system.retried', { count: retry.data.retried })}
        </p>
      )}
      {retry.error && <Alert>{errorText(retry.error)}</Alert>}
    </Card>
  );
}

function UploadsCard({ uploads }: { uploads: Upload[] }) {
  const t = useT();
  const when = new Intl.DateTimeFormat(formatLocale(), { dateStyle: 'short', timeStyle: 'short' });
  const columns: Column<Upload>[] = [
    { label: t('system.colWho'), cell: (row) => row.ownerName || row.ownerEmail },
    { label: t('system.colFile'), cell: (row) => <span className="small">{row.fileName}</span> },
    {
      label: t('system.colProgress'),
      cell: (row) => {
        const percent = row.size > 0 ? Math.min(100, Math.floor((row.received / row.size) * 100)) : 0;
        return (
          <>
            <progress max={100} value={percent} aria-label={t('system.colProgress')} /> {percent} %{' '}
            <span className="muted small">
              {formatBytes(row.received)} / {formatBytes(row.size)}
            </span>
          </>
        );
      },
    },
    { label: t('system.colLastActivity'), cell: (row) => when.format(row.lastActivityAt) },
  ];
  return (
    <Card headingId="system-uploads" title={t('system.uploadsTitle')}>
      <QueryTable
        query={{ isPending: false, error: null, data: uploads }}
        columns={columns}
        rowKey={(row) => row.id}
        empty={{ title: t('system.noUploads') }}
      />
    </Card>
  );
}

function StorageCard({ storage, cache }: { storage: Overview['storage']; cache: Overview['mediaCache'] }) {
  const t = useT();
  const columns: Column<Use>[] = [
    { label: t('system.colName'), cell: (row) => row.title },
    { label: t('system.colItems'), cell: (row) => row.items },
    { label: t('system.colOriginals'), cell: (row) => formatBytes(row.originalBytes) },
    { label: t('system.colDerived'), cell: (row) => formatBytes(row.derivedBytes) },
  ];
  const total = (rows: Use[]) => rows.reduce((sum, row) => sum + row.originalBytes + row.derivedBytes, 0);
  const caption = (rows: readonly Use[]) =>
    rows.length > STORAGE_ROWS ? t('system.largestShown', { shown: STORAGE_ROWS, count: rows.length }) : null;
  return (
    <Card headingId="system-storage" title={t('system.storageTitle')}>
      <p className="muted">
        {t('system.storageTotal', { size: formatBytes(total(storage.events) + total(storage.sets)) })}
      </p>
      <h3 className="integration-subhead">{t('system.perEvent')}</h3>
      <QueryTable
        query={{ isPending: false, error: null, data: storage.events.slice(0, STORAGE_ROWS) }}
        columns={columns}
        rowKey={(row) => row.id}
        empty={{ title: t('system.noEvents') }}
        caption={() => caption(storage.events)}
      />
      <h3 className="integration-subhead">{t('system.perSet')}</h3>
      <QueryTable
        query={{ isPending: false, error: null, data: storage.sets.slice(0, STORAGE_ROWS) }}
        columns={columns}
        rowKey={(row) => row.id}
        empty={{ title: t('system.noSets') }}
        caption={() => caption(storage.sets)}
      />
      <h3 className="integration-subhead">{t('system.cacheTitle')}</h3>
      {cache ? (
        <p>
          {t('system.cacheUse', {
            used: formatBytes(cache.usedBytes),
            max: formatBytes(cache.maxBytes),
            files: cache.files,
          })}
        </p>
      ) : (
        <p className="muted">{t('system.cacheOff')}</p>
      )}
    </Card>
  );
}

function SweepCard({ sweep }: { sweep: Overview['sweep'] }) {
  const t = useT();
  const utils = trpc.useUtils();
  const check = trpc.admin.system.checkStorage.useMutation({
    onSettled: () => utils.admin.system.overview.invalidate(),
  });
  const when = new Intl.DateTimeFormat(formatLocale(), { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <Card headingId="system-sweep" title={t('system.sweepTitle')}>
      <p className="muted">{t('system.sweepIntro')}</p>
      <div className="form-actions">
        <button type="button" className="button" disabled={check.isPending} onClick={() => check.mutate()}>
          {t('system.checkNow')}
        </button>
        {check.isSuccess && (
          <span className="muted" aria-live="polite">
            {t('system.checkQueued')}
          </span>
        )}
      </div>
      {check.error && <Alert>{errorText(check.error)}</Alert>}
      {sweep ? (
        <SweepReport sweep={sweep} finishedAt={when.format(sweep.finishedAt)} />
      ) : (
        <p className="muted">{t('system.noSweep')}</p>
      )}
    </Card>
  );
}

function SweepReport({ sweep, finishedAt }: { sweep: Sweep; finishedAt: string }) {
  const t = useT();
  const orphanColumns: Column<Sweep['report']['orphans'][number]>[] = [
    { label: t('system.colKey'), cell: (row) => <span className="mono small">{row.key}</span> },
    { label: t('system.colSize'), cell: (row) => formatBytes(row.size) },
    { label: t('system.colRemoved'), cell: (row) => (row.removed ? t('system.yes') : t('system.no')) },
  ];
  const missingColumns: Column<Sweep['report']['missing'][number]>[] = [
    { label: t('system.colItem'), cell: (row) => t(`system.itemKind.${row.kind}`) },
    { label: t('system.colKey'), cell: (row) => <span className="mono small">{row.key}</span> },
  ];
  return (
    <>
      <dl className="integration-facts">
        <dt>{t('system.sweepWhen')}</dt>
        <dd>
          {finishedAt} {sweep.dryRun && <span className="badge">{t('system.dryRun')}</span>}
        </dd>
        <dt>{t('system.orphans')}</dt>
        <dd>
          {t('system.orphanSummary', {
            count: sweep.orphanCount,
            size: formatBytes(sweep.orphanBytes),
            removed: sweep.orphansRemoved,
          })}
        </dd>
        <dt>{t('system.missing')}</dt>
        <dd>
          {sweep.missingCount > 0 ? <span className="badge badge--failed">{sweep.missingCount}</span> : 0}
        </dd>
      </dl>
      {sweep.missingCount > 0 && (
        <>
          <h3 className="integration-subhead">{t('system.missing')}</h3>
          <QueryTable
            query={{ isPending: false, error: null, data: sweep.report.missing }}
            columns={missingColumns}
            rowKey={(row) => `${row.id}:${row.key}`}
            empty={{ title: t('system.none') }}
          />
        </>
      )}
      {sweep.orphanCount > 0 && (
        <>
          <h3 className="integration-subhead">{t('system.orphans')}</h3>
          <QueryTable
            query={{ isPending: false, error: null, data: sweep.report.orphans }}
            columns={orphanColumns}
            rowKey={(row) => row.key}
            empty={{ title: t('system.none') }}
          />
        </>
      )}
    </>
  );
}

function VersionsCard({ versions }: { versions: Overview['versions'] }) {
  const t = useT();
  return (
    <Card headingId="system-versions" title={t('system.versionsTitle')}>
      <dl className="integration-facts">
        <dt>{t('system.appVersion')}</dt>
        <dd className="mono">{versions.app}</dd>
        <dt>Node.js</dt>
        <dd className="mono">{versions.node}</dd>
        <dt>PostgreSQL</dt>
        <dd className="mono">{versions.postgres}</dd>
      </dl>
    </Card>
  );
}
