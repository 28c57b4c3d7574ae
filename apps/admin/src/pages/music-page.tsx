import '../styles/music.css';
import {
  Alert,
  EmptyState,
  errorText,
  formatEventDate,
  Link,
  navigate,
  plural,
  Spinner,
  trpc,
} from '@party/ui';
import { useMemo } from 'react';
import {
  EMPTY_SET,
  SetForm,
  type SetFormValues,
  setInput,
  VISIBILITY_LABEL,
} from '../components/music/set-form';
import { formatDuration } from '../lib/music-format';

/** While a set has tracks processing, refresh the list now and then so its badge clears by itself. */
const BUSY_POLL_MS = 5000;

/** All music sets, newest first, with a form for a new one. */
export function MusicPage() {
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

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Music</h1>
          <p className="muted">DJ sets and recordings: upload the lossless files, members stream them.</p>
        </div>
      </div>

      <section className="card" aria-labelledby="new-set">
        <h2 id="new-set">New set</h2>
        <SetForm
          initial={EMPTY_SET}
          mode="create"
          pending={create.isPending}
          error={create.error}
          onSubmit={onCreate}
        />
      </section>

      <section className="card" aria-labelledby="all-sets">
        <h2 id="all-sets">All sets</h2>
        {sets.isPending ? (
          <Spinner label="Loading sets…" />
        ) : sets.error ? (
          <Alert>{errorText(sets.error)}</Alert>
        ) : sets.data.length === 0 ? (
          <EmptyState title="No sets yet">Create the first one above, then upload its audio.</EmptyState>
        ) : (
          <table className="table">
            <caption className="table-caption muted small">{plural(sets.data.length, 'set')}</caption>
            <thead>
              <tr>
                <th>Set</th>
                <th>Event</th>
                <th>Tracks</th>
                <th>Duration</th>
                <th>Visibility</th>
              </tr>
            </thead>
            <tbody>
              {sets.data.map((set) => (
                <tr key={set.id}>
                  <td data-label="Set">
                    <Link to={`/music/${set.id}`} className="strong-link">
                      {set.title}
                    </Link>
                    <div className="muted small">
                      {set.artist}
                      {set.recordedOn ? ` · ${formatEventDate(set.recordedOn)}` : ''}
                    </div>
                  </td>
                  <td data-label="Event">
                    {set.eventId ? (
                      <Link to={`/events/${set.eventId}`}>{eventTitles.get(set.eventId) ?? 'Event'}</Link>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                  <td data-label="Tracks">
                    {set.trackCount === 0 ? <span className="muted">none yet</span> : set.trackCount}
                    {set.processingCount > 0 && (
                      <>
                        {' '}
                        <span className="badge badge--processing">{set.processingCount} processing</span>
                      </>
                    )}
                    {set.failedCount > 0 && (
                      <>
                        {' '}
                        <span className="badge badge--failed">{set.failedCount} failed</span>
                      </>
                    )}
                  </td>
                  <td data-label="Duration" className="tabular">
                    {set.durationSeconds > 0 ? (
                      formatDuration(set.durationSeconds)
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                  <td data-label="Visibility">
                    <span className={`badge badge--${set.visibility}`}>
                      {VISIBILITY_LABEL[set.visibility]}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
