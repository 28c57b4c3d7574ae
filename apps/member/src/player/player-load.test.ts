import { describe, expect, it } from 'vitest';
import {
  IDLE,
  isBetweenSources,
  newestOf,
  type PlayerLoad,
  type PlayerLoadEvent,
  type Source,
  sourceOf,
  statusOf,
  transition,
} from './player-load';

function source(sig: number, tier: Source['tier'] = 'medium'): Source {
  return {
    url: `https://s3.test/t1/${tier}.mp3?sig=${sig}`,
    expiresAt: 1_000_000 + sig,
    trackId: 't1',
    tier,
  };
}
const a = source(1);
const b = source(2);
const c = source(3);

/** Every kind, each at generation 5. */
const kinds = {
  idle: { kind: 'idle', generation: 5 },
  fetching: { kind: 'opening', generation: 5, source: null },
  opening: { kind: 'opening', generation: 5, source: a },
  ready: { kind: 'ready', generation: 5, source: a, fresh: null },
  holding: { kind: 'ready', generation: 5, source: a, fresh: b },
  switching: { kind: 'switching', generation: 5, source: a },
  recovering: { kind: 'recovering', generation: 5 },
  failedOpen: { kind: 'failed', generation: 5, message: 'no', retry: 'opening' },
  failed: { kind: 'failed', generation: 5, message: 'no', retry: 'recovering' },
} satisfies Record<string, PlayerLoad>;
type Name = keyof typeof kinds;

/** `event` applied to each named kind: the result, or 'same' when the event does not apply. */
function table(event: PlayerLoadEvent, expected: Record<Name, PlayerLoad | 'same'>) {
  for (const [name, load] of Object.entries(kinds) as [Name, PlayerLoad][]) {
    const next = transition(load, event);
    const want = expected[name];
    if (want === 'same') expect(next, `${event.type} from ${name}`).toBe(load);
    else expect(next, `${event.type} from ${name}`).toEqual(want);
  }
}

describe('player load transitions', () => {
  it('opens from anywhere with a new request, and stops to idle', () => {
    for (const load of Object.values(kinds)) {
      expect(transition(load, { type: 'open' })).toEqual({ kind: 'opening', generation: 6, source: null });
      expect(transition(load, { type: 'stop' })).toEqual({ kind: 'idle', generation: 6 });
    }
    expect(transition(IDLE, { type: 'open' }).generation).toBe(1);
  });

  it('requests a URL for the open track: the current source plays on, a held one is dropped', () => {
    table(
      { type: 'request' },
      {
        idle: 'same',
        fetching: { kind: 'opening', generation: 6, source: null },
        opening: { kind: 'opening', generation: 6, source: a },
        ready: { kind: 'ready', generation: 6, source: a, fresh: null },
        holding: { kind: 'ready', generation: 6, source: a, fresh: null },
        switching: { kind: 'switching', generation: 6, source: a },
        recovering: { kind: 'recovering', generation: 6 },
        failedOpen: { kind: 'opening', generation: 6, source: null },
        failed: { kind: 'recovering', generation: 6 },
      },
    );
  });

  it('recovers from a failed element: a track that never played opens again', () => {
    table(
      { type: 'recover' },
      {
        idle: 'same',
        fetching: { kind: 'opening', generation: 6, source: null },
        opening: { kind: 'opening', generation: 6, source: null },
        ready: { kind: 'recovering', generation: 6 },
        holding: { kind: 'recovering', generation: 6 },
        switching: { kind: 'recovering', generation: 6 },
        recovering: 'same',
        failedOpen: 'same',
        failed: 'same',
      },
    );
  });

  it('takes the answer to the current request, never a stale one', () => {
    const current = { type: 'signed', generation: 5, source: c } as const;
    table(current, {
      idle: 'same',
      fetching: { kind: 'opening', generation: 5, source: c },
      opening: { kind: 'opening', generation: 5, source: c },
      ready: { kind: 'switching', generation: 5, source: c },
      holding: { kind: 'switching', generation: 5, source: c },
      switching: { kind: 'switching', generation: 5, source: c },
      recovering: { kind: 'switching', generation: 5, source: c },
      failedOpen: 'same',
      failed: 'same',
    });
    const all = Object.fromEntries(Object.keys(kinds).map((name) => [name, 'same'])) as Record<Name, 'same'>;
    table({ type: 'signed', generation: 4, source: c }, all);
    table({ type: 'refused', generation: 4, message: 'late' }, all);
    table({ type: 'refreshed', generation: 4, source: c, paused: true }, all);
  });

  it('fails on a refused request, remembering how to start again', () => {
    table(
      { type: 'refused', generation: 5, message: 'gone' },
      {
        idle: 'same',
        fetching: { kind: 'failed', generation: 6, message: 'gone', retry: 'opening' },
        opening: { kind: 'failed', generation: 6, message: 'gone', retry: 'opening' },
        ready: { kind: 'failed', generation: 6, message: 'gone', retry: 'recovering' },
        holding: { kind: 'failed', generation: 6, message: 'gone', retry: 'recovering' },
        switching: { kind: 'failed', generation: 6, message: 'gone', retry: 'recovering' },
        recovering: { kind: 'failed', generation: 6, message: 'gone', retry: 'recovering' },
        failedOpen: { kind: 'failed', generation: 6, message: 'gone', retry: 'opening' },
        failed: { kind: 'failed', generation: 6, message: 'gone', retry: 'recovering' },
      },
    );
    expect(transition(kinds.ready, { type: 'gaveUp', message: 'x' })).toEqual({
      kind: 'failed',
      generation: 6,
      message: 'x',
      retry: 'recovering',
    });
    expect(transition(kinds.idle, { type: 'gaveUp', message: 'x' })).toBe(kinds.idle);
  });

  it('refreshes only with a URL on the element, and places the answer by what the element does', () => {
    table(
      { type: 'refresh' },
      {
        idle: 'same',
        fetching: 'same',
        opening: { kind: 'opening', generation: 6, source: a },
        ready: { kind: 'ready', generation: 6, source: a, fresh: null },
        holding: { kind: 'ready', generation: 6, source: a, fresh: b },
        switching: { kind: 'switching', generation: 6, source: a },
        recovering: 'same',
        failedOpen: 'same',
        failed: 'same',
      },
    );
    const playing = { type: 'refreshed', generation: 5, source: c, paused: false } as const;
    table(playing, {
      idle: 'same',
      fetching: 'same',
      opening: { kind: 'opening', generation: 5, source: c },
      ready: { kind: 'ready', generation: 5, source: a, fresh: c },
      holding: { kind: 'ready', generation: 5, source: a, fresh: c },
      switching: { kind: 'switching', generation: 5, source: c },
      recovering: 'same',
      failedOpen: 'same',
      failed: 'same',
    });
    // Paused: nobody hears the switch, so it happens at once.
    expect(transition(kinds.ready, { ...playing, paused: true })).toEqual({
      kind: 'switching',
      generation: 5,
      source: c,
    });
    // The signer gave the newest URL held once more: nothing to do.
    expect(transition(kinds.ready, { ...playing, source: a })).toBe(kinds.ready);
    expect(transition(kinds.holding, { ...playing, source: b })).toBe(kinds.holding);
  });

  it('swaps to a held URL at a break, and is ready once the element has read a header', () => {
    expect(transition(kinds.holding, { type: 'swap' })).toEqual({
      kind: 'switching',
      generation: 6,
      source: b,
    });
    for (const name of [
      'idle',
      'fetching',
      'opening',
      'ready',
      'switching',
      'recovering',
      'failed',
    ] as const) {
      expect(transition(kinds[name], { type: 'swap' })).toBe(kinds[name]);
    }
    table(
      { type: 'loaded' },
      {
        idle: 'same',
        fetching: 'same',
        opening: { kind: 'ready', generation: 5, source: a, fresh: null },
        ready: 'same',
        holding: 'same',
        switching: { kind: 'ready', generation: 5, source: a, fresh: null },
        recovering: 'same',
        failedOpen: 'same',
        failed: 'same',
      },
    );
  });

  it('reads status, sources and whether element events are the member’s off the kind', () => {
    expect(Object.values(kinds).map(statusOf)).toEqual([
      'idle',
      'loading',
      'loading',
      'ready',
      'ready',
      'ready',
      'ready',
      'error',
      'error',
    ]);
    expect(Object.values(kinds).map(isBetweenSources)).toEqual([
      false,
      true,
      true,
      false,
      false,
      true,
      true,
      false,
      false,
    ]);
    expect(sourceOf(kinds.holding)).toBe(a);
    expect(newestOf(kinds.holding)).toBe(b);
    expect(newestOf(kinds.ready)).toBe(a);
    expect(newestOf(kinds.recovering)).toBeNull();
  });
});
