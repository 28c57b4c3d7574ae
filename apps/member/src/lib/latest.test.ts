import { describe, expect, it } from 'vitest';
import { type Latest, latestOf } from './latest';

const event = (id: string, eventDate: string) => ({ id, eventDate });
const set = (
  id: string,
  recordedOn: string | null,
  createdAt = '2026-01-01T12:00:00Z',
  eventId: string | null = null,
) => ({
  id,
  recordedOn,
  eventId,
  createdAt: new Date(createdAt),
});
const ids = (items: Latest<{ id: string }, { id: string }>[]) =>
  items.map((item) => `${item.kind}:${item.kind === 'event' ? item.event.id : item.set.id}`);

describe('latestOf', () => {
  it('mixes galleries and sets, newest first: a gallery by its night, a set by its recording day', () => {
    const latest = latestOf(
      [event('spring', '2026-04-11'), event('summer', '2026-07-04')],
      [set('terrace', '2026-06-20'), set('winter', '2026-01-17')],
      10,
    );
    expect(ids(latest)).toEqual(['event:summer', 'set:terrace', 'event:spring', 'set:winter']);
    expect(latest.map((item) => item.day)).toEqual(['2026-07-04', '2026-06-20', '2026-04-11', '2026-01-17']);
  });

  it('dates a set without a recording day by the day it was added', () => {
    const latest = latestOf(
      [event('spring', '2026-04-11')],
      [set('undated', null, '2026-05-02T23:30:00Z'), set('old', null, '2026-02-01T08:00:00Z')],
      10,
    );
    expect(ids(latest)).toEqual(['set:undated', 'event:spring', 'set:old']);
    expect(latest[0]?.day).toBe('2026-05-02');
  });

  it("dates a set without a recording day by its event's night, when the member sees that gallery", () => {
    const latest = latestOf(
      [event('night', '2026-11-21'), event('later', '2026-11-28')],
      [
        set('closing', null, '2026-12-01T10:00:00Z', 'night'),
        set('hidden', null, '2026-11-30T10:00:00Z', 'gone'),
      ],
      10,
    );
    expect(ids(latest)).toEqual(['set:hidden', 'event:later', 'event:night', 'set:closing']);
    expect(latest.map((item) => item.day)).toEqual(['2026-11-30', '2026-11-28', '2026-11-21', '2026-11-21']);
  });

  it('puts the gallery before the sets of the same night', () => {
    const latest = latestOf(
      [event('night', '2026-11-21')],
      [set('warm-up', '2026-11-21'), set('closing', '2026-11-21')],
      10,
    );
    expect(ids(latest)).toEqual(['event:night', 'set:warm-up', 'set:closing']);
  });

  it('keeps only the newest `count` items and copes with nothing published', () => {
    const latest = latestOf(
      [event('a', '2026-01-01'), event('b', '2026-03-01'), event('c', '2026-05-01')],
      [set('d', '2026-02-01'), set('e', '2026-04-01')],
      3,
    );
    expect(ids(latest)).toEqual(['event:c', 'set:e', 'event:b']);
    expect(latestOf([], [], 6)).toEqual([]);
  });

  it('leaves its inputs as they were', () => {
    const events = [event('a', '2026-01-01'), event('b', '2026-03-01')];
    const sets = [set('c', '2026-02-01')];
    latestOf(events, sets, 6);
    expect(events.map((e) => e.id)).toEqual(['a', 'b']);
    expect(sets.map((s) => s.id)).toEqual(['c']);
  });
});
