/**
 * What the player's `<audio>` element holds, as one value with one pure transition function, so
 * that every combination the controller can be in is one the type allows and a test names.
 *
 * `generation` identifies the one URL request (or source change) whose outcome still counts:
 * every request, every new source and every stop or failure takes a new one, and an answer that
 * carries an older generation is stale and changes nothing. That is what keeps a slow answer for
 * the previous track, or for the tier the member left, from replacing what plays now.
 *
 * Where to start a source and whether to play it are not here: the controller's last known
 * position and the member's `playing` intent are read when the element is ready for them.
 */

import type { StreamTier } from '../lib/tier-preference';

/** What actually streams: the member's tier, or the original for a track that streams its original. */
export type ActiveTier = StreamTier | 'original';

/** A presigned stream URL for one track and tier. */
export interface Source {
  url: string;
  expiresAt: number;
  trackId: string;
  tier: ActiveTier;
}

export type PlayerLoad =
  /** Nothing loaded: at start and after `stop()`. */
  | { kind: 'idle'; generation: number }
  /**
   * A track just opened: its URL is on its way (`source` null), then the element reads the header
   * of `source`. Element events are not the member's until then.
   */
  | { kind: 'opening'; generation: number; source: Source | null }
  /**
   * The element plays (or can play) `source`. `fresh` is a newer URL for the same track and tier,
   * held until a break in the sound (a seek, a pause, a stall).
   */
  | { kind: 'ready'; generation: number; source: Source; fresh: Source | null }
  /** A new URL for the track already open (tier switch, renewal, recovery) loads at the same position. */
  | { kind: 'switching'; generation: number; source: Source }
  /** The element failed on its URL (most likely expired, a 403): a fresh one is on its way. */
  | { kind: 'recovering'; generation: number }
  /** Given up; `retry` is how pressing play starts again (a track that never opened opens anew). */
  | { kind: 'failed'; generation: number; message: string; retry: 'opening' | 'recovering' };

export type PlayerLoadEvent =
  /** The member opens a track: a URL is requested. */
  | { type: 'open' }
  | { type: 'stop' }
  /** A URL is requested for the open track (tier switch, renewal at a break, retry after failure). */
  | { type: 'request' }
  /** The element failed and no usable fresh URL is held: a URL is requested to resume with. */
  | { type: 'recover' }
  /** The background refresh asks for a URL ahead of expiry. */
  | { type: 'refresh' }
  /** A break in the sound: move to the held fresh URL. */
  | { type: 'swap' }
  /** The answer to a request (`open`, `request`, `recover`). */
  | { type: 'signed'; generation: number; source: Source }
  /** The answer to a `refresh`; `paused`: the element is paused, so nobody hears a switch. */
  | { type: 'refreshed'; generation: number; source: Source; paused: boolean }
  /** A request (not a refresh, which just tries again later) was refused. */
  | { type: 'refused'; generation: number; message: string }
  /** The element has read the header of the source it loads. */
  | { type: 'loaded' }
  /** Too many recoveries in a row. */
  | { type: 'gaveUp'; message: string };

export const IDLE: PlayerLoad = { kind: 'idle', generation: 0 };

/** The URL on the element, if any. */
export function sourceOf(load: PlayerLoad): Source | null {
  return load.kind === 'opening' || load.kind === 'ready' || load.kind === 'switching' ? load.source : null;
}

/** The newest URL held: the one a refresh must beat, and whose expiry schedules the next one. */
export function newestOf(load: PlayerLoad): Source | null {
  return (load.kind === 'ready' ? load.fresh : null) ?? sourceOf(load);
}

/**
 * A new source is on its way to the element: events from it (pause, time, seeking) are the
 * player's own doing or the failed source's, not the member's, and the position and intent wait
 * for the new header. (Chromium pauses an element whose range request was refused.)
 */
export function isBetweenSources(load: PlayerLoad): boolean {
  return load.kind === 'opening' || load.kind === 'switching' || load.kind === 'recovering';
}

/** What React shows: only the first load of a track reads as loading, a later swap as buffering. */
export function statusOf(load: PlayerLoad): 'idle' | 'loading' | 'ready' | 'error' {
  switch (load.kind) {
    case 'idle':
      return 'idle';
    case 'opening':
      return 'loading';
    case 'failed':
      return 'error';
    default:
      return 'ready';
  }
}

/**
 * The next load state. Returns `load` itself when the event does not apply (a stale answer, a
 * swap with nothing held, a header while nothing loads), so callers can tell by identity.
 */
export function transition(load: PlayerLoad, event: PlayerLoadEvent): PlayerLoad {
  const generation = load.generation + 1;
  switch (event.type) {
    case 'open':
      return { kind: 'opening', generation, source: null };
    case 'stop':
      return { kind: 'idle', generation };
    case 'request':
      switch (load.kind) {
        case 'idle':
          return load;
        case 'ready':
          // The current source plays on until the answer arrives; a held fresh URL is of the old request.
          return { ...load, generation, fresh: null };
        case 'failed':
          return load.retry === 'opening'
            ? { kind: 'opening', generation, source: null }
            : { kind: 'recovering', generation };
        default:
          return { ...load, generation };
      }
    case 'recover':
      if (load.kind === 'opening') return { kind: 'opening', generation, source: null };
      if (load.kind === 'ready' || load.kind === 'switching') return { kind: 'recovering', generation };
      return load;
    case 'refresh':
      return sourceOf(load) ? { ...load, generation } : load;
    case 'swap':
      if (load.kind !== 'ready' || !load.fresh) return load;
      return { kind: 'switching', generation, source: load.fresh };
    case 'signed':
      if (event.generation !== load.generation) return load;
      switch (load.kind) {
        case 'opening':
          return { ...load, source: event.source };
        case 'ready':
        case 'switching':
        case 'recovering':
          return { kind: 'switching', generation: load.generation, source: event.source };
        default:
          return load;
      }
    case 'refreshed': {
      const newest = newestOf(load);
      if (event.generation !== load.generation || !newest || event.source.url === newest.url) return load;
      if (load.kind === 'ready') {
        return event.paused
          ? { kind: 'switching', generation: load.generation, source: event.source }
          : { ...load, fresh: event.source };
      }
      // Still loading: the newer URL replaces the one the element is reading.
      return load.kind === 'opening' || load.kind === 'switching' ? { ...load, source: event.source } : load;
    }
    case 'refused':
      if (event.generation !== load.generation || load.kind === 'idle') return load;
      return failed(load, event.message);
    case 'loaded': {
      const source = load.kind === 'opening' || load.kind === 'switching' ? load.source : null;
      return source ? { kind: 'ready', generation: load.generation, source, fresh: null } : load;
    }
    case 'gaveUp':
      return load.kind === 'idle' ? load : failed(load, event.message);
  }
}

function failed(load: Exclude<PlayerLoad, { kind: 'idle' }>, message: string): PlayerLoad {
  const retry =
    load.kind === 'opening' || (load.kind === 'failed' && load.retry === 'opening')
      ? 'opening'
      : 'recovering';
  return { kind: 'failed', generation: load.generation + 1, message, retry };
}
