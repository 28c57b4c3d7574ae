/** What `latestOf` needs of a gallery: the night it shows. */
interface DatedEvent {
  id: string;
  eventDate: string;
}
/** What `latestOf` needs of a set: the day it was recorded, or else its night, or else the day it was added. */
interface DatedSet {
  recordedOn: string | null;
  eventId: string | null;
  createdAt: Date;
}

export type Latest<E, S> = { kind: 'event'; day: string; event: E } | { kind: 'set'; day: string; set: S };

/**
 * Galleries and sets in one list, newest first: a gallery by its night, a set by its recording day
 * (without one, by the night of its event when the member sees that gallery, else by the day it was
 * added). On the same day the gallery comes first, then its sets.
 */
export function latestOf<E extends DatedEvent, S extends DatedSet>(
  events: readonly E[],
  sets: readonly S[],
  count: number,
): Latest<E, S>[] {
  const day = (date: Date) => date.toISOString().slice(0, 10);
  const nights = new Map(events.map((event) => [event.id, event.eventDate]));
  const setDay = (set: S) =>
    set.recordedOn ?? (set.eventId ? nights.get(set.eventId) : undefined) ?? day(set.createdAt);
  const items: Latest<E, S>[] = [
    ...events.map((event) => ({ kind: 'event' as const, day: event.eventDate, event })),
    ...sets.map((set) => ({ kind: 'set' as const, day: setDay(set), set })),
  ];
  // Array.prototype.sort is stable: equal days keep galleries before sets.
  return items.sort((a, b) => (a.day < b.day ? 1 : a.day > b.day ? -1 : 0)).slice(0, count);
}
