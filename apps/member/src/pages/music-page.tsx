import {
  Alert,
  EmptyState,
  errorText,
  formatEventDate,
  Link,
  type RouterOutputs,
  Spinner,
  trpc,
} from '@party/ui';
import { keepPreviousData } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';
import { SetCard } from '../components/set-card';
import { useDebouncedValue } from '../hooks/use-debounced-value';

type ListedSet = RouterOutputs['musicSets']['list'][number];
type VisibleEvent = RouterOutputs['events']['list'][number];

interface SetGroup {
  key: string;
  event: VisibleEvent | null;
  sets: ListedSet[];
  /** For ordering: the event's day, else the newest recording in the group. */
  day: string;
}

/**
 * Sets grouped by their event, newest event first; sets without an event the member can see
 * (none, or one whose gallery is not shared with them) come last under "More sets". Inside a
 * group the server's order holds (the admins' order, then newest first).
 */
function groupSets(sets: ListedSet[], events: VisibleEvent[]): SetGroup[] {
  const byId = new Map(events.map((event) => [event.id, event]));
  const groups = new Map<string, SetGroup>();
  for (const set of sets) {
    const event = set.eventId ? (byId.get(set.eventId) ?? null) : null;
    const key = event ? event.id : 'other';
    let group = groups.get(key);
    if (!group) {
      group = { key, event, sets: [], day: event?.eventDate ?? '' };
      groups.set(key, group);
    }
    group.sets.push(set);
    if (!event && set.recordedOn && set.recordedOn > group.day) group.day = set.recordedOn;
  }
  return [...groups.values()].sort((a, b) => {
    if (!a.event !== !b.event) return a.event ? -1 : 1;
    return b.day.localeCompare(a.day);
  });
}

export function MusicPage() {
  const [search, setSearch] = useState('');
  const query = useDebouncedValue(search.trim(), 300);
  const searchId = useId();
  const sets = trpc.musicSets.list.useQuery(query ? { query } : undefined, {
    placeholderData: keepPreviousData,
  });
  const events = trpc.events.list.useQuery();
  const groups = useMemo(() => groupSets(sets.data ?? [], events.data ?? []), [sets.data, events.data]);
  const searching = search.trim() !== query || (sets.isFetching && sets.isPlaceholderData);

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Music</h1>
          <p className="muted">DJ sets recorded at our nights, in full length and full quality.</p>
        </div>
        <search className="music-search">
          <label htmlFor={searchId} className="sr-only">
            Search sets
          </label>
          <input
            id={searchId}
            type="search"
            className="music-search__input"
            placeholder="Search sets, DJs, tracks…"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            autoComplete="off"
            maxLength={100}
          />
          <span className="music-search__status muted small" aria-live="polite">
            {searching ? 'Searching…' : ''}
          </span>
        </search>
      </div>

      {sets.isPending ? (
        <Spinner label="Loading sets…" />
      ) : sets.error ? (
        <Alert>{errorText(sets.error)}</Alert>
      ) : sets.data.length === 0 ? (
        query ? (
          <EmptyState title="No sets match your search">
            Nothing found for “{query}” in set titles, DJs or tracklists.{' '}
            <button type="button" className="link-button" onClick={() => setSearch('')}>
              Show all sets
            </button>
          </EmptyState>
        ) : (
          <EmptyState title="No music yet">
            When the admins publish DJ sets from our nights, you will find them here.
          </EmptyState>
        )
      ) : (
        <div className="set-groups" aria-busy={searching}>
          {query && (
            <p className="muted small" aria-live="polite">
              {sets.data.length === 1 ? '1 set matches' : `${sets.data.length} sets match`} “{query}”.
            </p>
          )}
          {groups.map((group) => (
            <section key={group.key} className="set-group" aria-labelledby={`group-${group.key}`}>
              <h2 id={`group-${group.key}`} className="set-group__title">
                {group.event ? (
                  <>
                    <span>{group.event.title}</span>
                    <span className="muted small">
                      {formatEventDate(group.event.eventDate)}
                      {' · '}
                      <Link to={`/events/${encodeURIComponent(group.event.slug)}`}>Photos</Link>
                    </span>
                  </>
                ) : (
                  <span>{groups.length === 1 ? 'All sets' : 'More sets'}</span>
                )}
              </h2>
              <ul className="set-cards">
                {group.sets.map((set) => (
                  <SetCard key={set.id} set={set} />
                ))}
              </ul>
            </section>
          ))}
        </div>
      )}
    </>
  );
}
