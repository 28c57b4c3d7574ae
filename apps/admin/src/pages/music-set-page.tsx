import '../styles/music.css';
import { Alert, errorText, formatEventDate, Link, Spinner, trpc } from '@party/ui';
import { lazy } from 'react';
import { DeleteSetPanel } from '../components/music/delete-set-panel';
import { SetDetailsPanel } from '../components/music/set-details-panel';
import { VISIBILITY_LABEL } from '../components/music/set-form';
import { TrackList } from '../components/music/track-list';
import { hasBusyWork } from '../components/music/types';
import { LazyCard, LoadFailure, PageHead } from '../components/shared/page';

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
  const set = trpc.admin.musicSets.byId.useQuery(
    { id },
    {
      refetchInterval: (query) => (query.state.data && hasBusyWork(query.state.data) ? BUSY_POLL_MS : false),
    },
  );
  const events = trpc.admin.events.list.useQuery();

  if (set.isPending) return <Spinner label="Loading the set…" />;
  if (!set.data) {
    return (
      <LoadFailure
        error={set.error}
        missingTitle="There is no such set"
        back={{ to: '/music', label: 'Back to all sets' }}
      />
    );
  }

  const data = set.data;
  const event = data.eventId ? events.data?.find((candidate) => candidate.id === data.eventId) : undefined;
  return (
    <>
      <PageHead
        back={{ to: '/music', label: '← All sets' }}
        title={data.title}
        introClassName="set-meta"
        intro={
          <>
            <span>{data.artist}</span>
            {data.eventId && (
              <>
                {' · '}
                <Link to={`/events/${data.eventId}`}>{event?.title ?? 'its event'}</Link>
              </>
            )}
            {data.recordedOn && <> · recorded {formatEventDate(data.recordedOn)}</>}{' '}
            <span className={`badge badge--${data.visibility}`}>{VISIBILITY_LABEL[data.visibility]}</span>
          </>
        }
      />

      {/* A failed refresh keeps what is on screen (an upload may be running) and says so. */}
      {set.error && (
        <div className="stack">
          <Alert>Could not refresh the set: {errorText(set.error)}</Alert>
        </div>
      )}

      <LazyCard loadingLabel="Loading the uploader…">
        <AudioUploadPanel setId={data.id} />
      </LazyCard>
      <TrackList set={data} />
      <LazyCard loadingLabel="Loading the cover…">
        <SetCoverPanel set={data} />
      </LazyCard>
      <SetDetailsPanel set={data} />
      <DeleteSetPanel setId={data.id} title={data.title} />
    </>
  );
}
