/**
 * A moment in a set as a link carries it: `?t=1h02m03s` (also `62m`, `45s`, `1h`), plain seconds
 * `?t=3723`, or a clock `?t=1:02:03`. The time counts from the start of the set, across its parts.
 */

const UNITS = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s)?$/;
const CLOCK = /^(?:(\d+):)?(\d{1,2}):(\d{2})$/;

/** Seconds of a `t` value; null for a missing, empty or unreadable one. */
export function parseMoment(value: string | null | undefined): number | null {
  const text = value?.trim().toLowerCase() ?? '';
  if (!text) return null;
  if (/^\d+(?:\.\d+)?$/.test(text)) return Number(text);
  const clock = CLOCK.exec(text);
  if (clock) {
    const [, h = '0', m = '0', s = '0'] = clock;
    if (Number(s) >= 60 || (clock[1] !== undefined && Number(m) >= 60)) return null;
    return Number(h) * 3600 + Number(m) * 60 + Number(s);
  }
  const units = UNITS.exec(text);
  if (!units || (!units[1] && !units[2] && !units[3])) return null;
  const [, h = '0', m = '0', s = '0'] = units;
  return Number(h) * 3600 + Number(m) * 60 + Number(s);
}

/** The `t` value for a moment: `1h02m03s`, `4m05s`, `7s` (whole seconds). */
export function formatMoment(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (h > 0) return `${h}h${pad(m)}m${pad(s)}s`;
  if (m > 0) return `${m}m${pad(s)}s`;
  return `${s}s`;
}

/**
 * Which part of a set plays at `seconds` from the set's start, and where in it. Past the end: the
 * last part's end; the player keeps it a little before the end.
 */
export function locateMoment(durations: readonly number[], seconds: number): { index: number; at: number } {
  let start = 0;
  for (const [index, duration] of durations.entries()) {
    if (seconds < start + duration || index === durations.length - 1) {
      return { index, at: Math.max(0, Math.min(seconds - start, duration)) };
    }
    start += duration;
  }
  return { index: 0, at: 0 };
}

/** Seconds from the set's start of position `at` in part `index`. */
export function momentOf(durations: readonly number[], index: number, at: number): number {
  return durations.slice(0, index).reduce((sum, d) => sum + d, 0) + at;
}

/** The page's address with `t` set to the moment (other parameters kept). */
export function momentLink(href: string, seconds: number): string {
  const url = new URL(href);
  url.searchParams.set('t', formatMoment(seconds));
  url.hash = '';
  return url.href;
}
