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

/** One column of the waveform with the listening of the minute it lies in. */
export interface HeatColumn {
  /** Loudest sample of the column against the loudest of the track, 0..1: the waveform's shape. */
  amplitude: number;
  /** The minute of the track the column's middle lies in. */
  minute: number;
  /** That minute's listening level (0..1) and whether people skip there (see `heatMinutes`). */
  level: number;
  dropOff: boolean;
}

/**
 * The stored overview peaks (interleaved `[min, max, …]` pairs spanning `peaksSeconds`) folded
 * into `columns` columns, each shaded by the listening of its minute: the heatmap drawn along the
 * waveform. Minutes past the heat's last (peaks a little longer than the stored duration) take
 * the last minute's figures.
 */
export function heatAlongWaveform(
  peaks: readonly number[],
  peaksSeconds: number,
  heat: readonly HeatMinute[],
  columns: number,
): HeatColumn[] {
  const pairs = Math.floor(peaks.length / 2);
  const count = Math.max(0, Math.min(columns, pairs));
  const loudest: number[] = [];
  for (let column = 0; column < count; column += 1) {
    const from = Math.floor((column * pairs) / count);
    const to = Math.max(from + 1, Math.floor(((column + 1) * pairs) / count));
    let top = 0;
    for (let pair = from; pair < to; pair += 1) {
      top = Math.max(top, Math.abs(peaks[2 * pair] ?? 0), Math.abs(peaks[2 * pair + 1] ?? 0));
    }
    loudest.push(top);
  }
  const scale = Math.max(...loudest, 0);
  return loudest.map((top, column) => {
    const seconds = ((column + 0.5) / count) * Math.max(0, peaksSeconds);
    const minute = Math.max(0, Math.min(heat.length - 1, Math.floor(seconds / 60)));
    const of = heat[minute];
    return {
      amplitude: scale > 0 ? top / scale : 0,
      minute,
      level: of?.level ?? 0,
      dropOff: of?.dropOff ?? false,
    };
  });
}

/**
 * How a column of the waveform is painted: its colour from cold to hot, and unheard minutes dimmed
 * so that the shape stays readable while the heard part stands out.
 */
export function heatShade(level: number): { fill: string; opacity: number } {
  const clamped = Math.min(1, Math.max(0, level));
  return { fill: heatColour(clamped), opacity: clamped === 0 ? 0.25 : 0.55 + 0.45 * clamped };
}

/** Where a minute starts, as the heatmap labels it: `0:05:00`, `1:02:00`. */
export function minuteMark(minute: number): string {
  const h = Math.floor(minute / 60);
  return `${h}:${String(minute % 60).padStart(2, '0')}:00`;
}
