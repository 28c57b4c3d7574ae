/** One minute of a track on the heatmap. */
export interface HeatMinute {
  minute: number;
  /** Seconds heard in this minute, all listeners together. */
  seconds: number;
  /** 0..1 against the most-heard minute. */
  level: number;
  /** Listening fell to less than half of the minute before: people skip here. */
  dropOff: boolean;
}

/**
 * Every minute of a track (zeros where nobody listened), scaled to the most-heard one, with the
 * minutes where listening falls sharply marked: the heatmap drawn along the track.
 */
export function heatMinutes(
  minutes: ReadonlyArray<{ minute: number; seconds: number }>,
  durationSeconds: number,
): HeatMinute[] {
  const count = Math.max(1, Math.ceil(durationSeconds / 60), ...minutes.map((m) => m.minute + 1));
  const heard = new Array<number>(count).fill(0);
  for (const { minute, seconds } of minutes) heard[minute] = (heard[minute] ?? 0) + seconds;
  const top = Math.max(...heard);
  return heard.map((seconds, minute) => {
    const before = minute > 0 ? (heard[minute - 1] ?? 0) : 0;
    return {
      minute,
      seconds,
      level: top > 0 ? seconds / top : 0,
      dropOff: before >= 60 && seconds < before / 2,
    };
  });
}

/** A colour from cold (little heard) to hot (most heard). */
export function heatColour(level: number): string {
  const hue = 250 - 250 * Math.min(1, Math.max(0, level));
  return `hsl(${Math.round(hue)} 85% ${Math.round(35 + 25 * level)}%)`;
}
