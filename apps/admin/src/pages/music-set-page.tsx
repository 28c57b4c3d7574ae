import '../styles/music.css';
import { Alert, errorText, formatEventDate, Link, Spinner, trpc } from '@party/ui';
import { lazy } from 'react';
import { DeleteSetPanel } from '../components/music/delete-set-panel';
import { ListeningStatsPanel } from '../components/music/listening-stats-panel';
import { SetCommentsPanel } from '../components/music/set-comments-panel';
import { SetDetailsPanel } from '../components/music/set-details-panel';
import { SetPublishBar } from '../components/music/set-publish-bar';
import { TrackList } from '../components/music/track-list';
import { hasBusyWork } from '../components/music/types';
import { ShareLinksPanel } from '../components/share-links-panel';
import { LazyCard, LoadFailure, PageHead } from '../components/shared/page';
import { useT } from '../i18n';

// Uppy is most of the admin bundle: load it with the first upload panel, not with the sign-in screen.
const AudioUploadPanel = lazy(() =>
  import('../components/music/audio-upload-panel').then((m) => ({ default: m.AudioUploadPanel })),
);
const SetCoverPanel = lazy(() =>
  import('../components/music/set-cover-panel').then((m) => ({ default: m.SetCoverPanel })),
);

/** Poll while the worker has something to report, for live status, stage and progress. */
const BUSY_POLL_MS = 2000;

/** One music set: upload its audio, order and describe its tracks, choose its cover, edit its details. */
export function MusicSetPage({ id }: { id: string }) {
  const t = useT();
  const set = trpc.admin.musicSets.byId.useQuery(
    { id },
    {
      refetchInterval: (query) => (query.state.data && hasBusyWork(query.state.data) ? BUSY_POLL_MS : false),
    },
  );
  const events = trpc.admin.events.list.useQuery();

  if (set.isPending) return <Spinner label={t('set.loading')} />;
  if (!set.data) {
    return (
      <LoadFailure
        error={set.error}
        missingTitle={t('set.missing')}
        back={{ to: '/music', label: t('set.backToAll') }}
      />
    );
  }

  const data = set.data;
  const event = data.eventId ? events.data?.find((candidate) => candidate.id === data.eventId) : undefined;
  return (
    <>
      <PageHead
        back={{ to: '/music', label: t('set.allSets') }}
        title={data.title}
        introClassName="set-meta"
        intro={
          <>
            <span>{data.artist}</span>
            {data.eventId && (
              <>
                {' · '}
                <Link to={`/events/${data.eventId}`}>{event?.title ?? t('set.itsEvent')}</Link>
              </>
            )}
            {data.recordedOn && <> · {t('set.recorded', { date: formatEventDate(data.recordedOn) })}</>}
          </>
        }
      />
      <SetPublishBar set={data} />

      {/* A failed refresh keeps what is on screen (an upload may be running) and says so. */}
      {set.error && (
        <div className="stack">
          <Alert>{t('set.refreshFailed', { error: errorText(set.error) })}</Alert>
        </div>
      )}

      <LazyCard loadingLabel={t('common.loadingUploader')}>
        <AudioUploadPanel setId={data.id} />
      </LazyCard>
      <TrackList set={data} />
      <LazyCard loadingLabel={t('set.loadingCover')}>
        <SetCoverPanel set={data} />
      </LazyCard>
      <SetDetailsPanel set={data} />
      <ShareLinksPanel target={{ setId: data.id }} />
      <ListeningStatsPanel setId={data.id} />
      <SetCommentsPanel setId={data.id} enabled={data.commentsEnabled} />
      <DeleteSetPanel setId={data.id} title={data.title} />
    </>
  );
}
