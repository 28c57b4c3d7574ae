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
import { useT } from '../i18n';

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
  const t = useT();
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
          <h1>{t('music.title')}</h1>
          <p className="muted">{t('music.intro')}</p>
        </div>
        <search className="music-search">
          <label htmlFor={searchId} className="visually-hidden">
            {t('music.searchLabel')}
          </label>
          <input
            id={searchId}
            type="search"
            className="music-search__input"
            placeholder={t('music.searchPlaceholder')}
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            autoComplete="off"
            maxLength={100}
          />
          <span className="music-search__status muted small" aria-live="polite">
            {searching ? t('music.searching') : ''}
          </span>
        </search>
      </div>

      {sets.isPending ? (
        <Spinner label={t('music.loading')} />
      ) : sets.error ? (
        <Alert>{errorText(sets.error)}</Alert>
      ) : sets.data.length === 0 ? (
        query ? (
          <EmptyState title={t('music.noMatchTitle')}>
            {t('music.noMatchBody', { query })}{' '}
            <button type="button" className="link-button" onClick={() => setSearch('')}>
              {t('music.showAll')}
            </button>
          </EmptyState>
        ) : (
          <EmptyState title={t('music.emptyTitle')}>{t('music.emptyBody')}</EmptyState>
        )
      ) : (
        <div className="set-groups" aria-busy={searching}>
          {query && (
            <p className="muted small" aria-live="polite">
              {t('music.matches', { count: sets.data.length, query })}
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
                      <Link to={`/events/${encodeURIComponent(group.event.slug)}`}>{t('music.photos')}</Link>
                    </span>
                  </>
                ) : (
                  <span>{groups.length === 1 ? t('music.allSets') : t('music.moreSets')}</span>
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
