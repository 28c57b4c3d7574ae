import '../styles/music.css';
import { formatEventDate, Link, navigate, type RouterOutputs, trpc } from '@party/ui';
import { useMemo } from 'react';
import { EMPTY_SET, SetForm, type SetFormValues, setInput } from '../components/music/set-form';
import { Card, PageHead } from '../components/shared/page';
import { type Column, QueryTable } from '../components/shared/query-table';
import { useT } from '../i18n';
import { formatDuration } from '../lib/music-format';

type SetRow = RouterOutputs['admin']['musicSets']['list'][number];

/** While a set has tracks processing, refresh the list now and then so its badge clears by itself. */
const BUSY_POLL_MS = 5000;

/** All music sets, newest first, with a form for a new one. */
export function MusicPage() {
  const t = useT();
  const utils = trpc.useUtils();
  const sets = trpc.admin.musicSets.list.useQuery(undefined, {
    refetchInterval: (query) =>
      query.state.data?.some((set) => set.processingCount > 0) ? BUSY_POLL_MS : false,
  });
  const events = trpc.admin.events.list.useQuery();
  const eventTitles = useMemo(
    () => new Map((events.data ?? []).map((event) => [event.id, event.title])),
    [events.data],
  );
  const create = trpc.admin.musicSets.create.useMutation({
    onSuccess: async (set) => {
      await utils.admin.musicSets.list.invalidate();
      // Straight to the new set: the next thing an admin does is upload its audio.
      navigate(`/music/${set.id}`);
    },
  });

  const onCreate = (values: SetFormValues) => create.mutate(setInput(values));

  const columns: Column<SetRow>[] = [
    {
      label: t('music.colSet'),
      cell: (set) => (
        <>
          <Link to={`/music/${set.id}`} className="strong-link">
            {set.title}
          </Link>
          <div className="muted small">
            {set.artist}
            {set.recordedOn ? ` · ${formatEventDate(set.recordedOn)}` : ''}
          </div>
        </>
      ),
    },
    {
      label: t('music.colEvent'),
      cell: (set) =>
        set.eventId ? (
          <Link to={`/events/${set.eventId}`}>{eventTitles.get(set.eventId) ?? t('music.event')}</Link>
        ) : (
          <span className="muted">—</span>
        ),
    },
    {
      label: t('music.colTracks'),
      cell: (set) => (
        <>
          {set.trackCount === 0 ? <span className="muted">{t('common.none')}</span> : set.trackCount}
          {set.processingCount > 0 && (
            <>
              {' '}
              <span className="badge badge--processing">
                {t('common.processing', { count: set.processingCount })}
              </span>
            </>
          )}
          {set.failedCount > 0 && (
            <>
              {' '}
              <span className="badge badge--failed">{t('common.failed', { count: set.failedCount })}</span>
            </>
          )}
        </>
      ),
    },
    {
      label: t('music.colDuration'),
      className: 'tabular',
      cell: (set) =>
        set.durationSeconds > 0 ? formatDuration(set.durationSeconds) : <span className="muted">—</span>,
    },
    {
      label: t('music.colVisibility'),
      cell: (set) => (
        <span className={`badge badge--${set.visibility}`}>{t(`common.visibility.${set.visibility}`)}</span>
      ),
    },
  ];

  return (
    <>
      <PageHead title={t('music.title')} intro={t('music.intro')} />

      <Card headingId="new-set" title={t('music.new')}>
        <SetForm
          initial={EMPTY_SET}
          mode="create"
          pending={create.isPending}
          error={create.error}
          onSubmit={onCreate}
        />
      </Card>

      <Card headingId="all-sets" title={t('music.all')}>
        <QueryTable
          query={sets}
          columns={columns}
          rowKey={(set) => set.id}
          loadingLabel={t('music.loading')}
          empty={{ title: t('music.emptyTitle'), text: t('music.emptyText') }}
          caption={(items) => t('count.sets', { count: items.length })}
        />
      </Card>
    </>
  );
}
