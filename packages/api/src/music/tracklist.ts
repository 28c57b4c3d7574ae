/**
 * Reads a pasted tracklist, one cue per line: a timestamp, then "Artist - Title" (or just a
 * title). Accepted: `00:00 Artist - Title`, `1:02:03 Artist – Title`, `[12:34] Title`,
 * `01. 05:30 Artist - Title`, `5:30 - Artist - Title`. Blank lines are skipped; every other line
 * that cannot be read is reported with its number and the reason, never dropped silently.
 */

export interface Cue {
  startSeconds: number;
  artist: string | null;
  title: string;
}

export interface TracklistProblem {
  line: number;
  text: string;
  reason: string;
}

const LINE = /^\s*(?:\d{1,3}[.)]\s+)?[[(]?(\d{1,2}(?::\d{1,2}){1,2})[\])]?\s*(?:[-–—|]\s*)?(.*)$/;
const SEPARATOR = /\s+[-–—]\s+/;

/** Seconds of `h:mm:ss` or `m:ss`; undefined when a field is out of range. */
export function parseTimestamp(text: string): number | undefined {
  const parts = text.split(':').map(Number);
  if (parts.some((n) => !Number.isInteger(n) || n < 0)) return undefined;
  const [a = 0, b = 0, c] = parts;
  if (c === undefined) return b < 60 ? a * 60 + b : undefined;
  return b < 60 && c < 60 ? a * 3600 + b * 60 + c : undefined;
}

/** "Artist - Title" (or "–", "—") into its parts; without a separator, all of it is the title. */
export function splitArtistTitle(text: string): { artist: string | null; title: string } {
  const [artist, ...titleParts] = text.split(SEPARATOR);
  const title = titleParts.join(' - ').trim();
  return title && artist
    ? { artist: artist.trim().slice(0, 300), title: title.slice(0, 300) }
    : { artist: null, title: text.slice(0, 300) };
}

export function formatTimestamp(seconds: number): string {
  const s = Math.floor(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

export function parseTracklist(
  text: string,
  durationSeconds?: number | null,
): { cues: Cue[]; problems: TracklistProblem[] } {
  const cues: Cue[] = [];
  const problems: TracklistProblem[] = [];
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = index + 1;
    const trimmed = raw.trim();
    if (!trimmed) continue;
    const match = LINE.exec(trimmed);
    if (!match) {
      problems.push({ line, text: trimmed, reason: 'No timestamp at the start (expected e.g. 1:02:03).' });
      continue;
    }
    const startSeconds = parseTimestamp(match[1] ?? '');
    if (startSeconds === undefined) {
      problems.push({ line, text: trimmed, reason: `"${match[1]}" is not a valid time.` });
      continue;
    }
    const rest = (match[2] ?? '').trim();
    if (!rest) {
      problems.push({ line, text: trimmed, reason: 'There is a time but no title.' });
      continue;
    }
    const previous = cues.at(-1);
    if (previous && startSeconds < previous.startSeconds) {
      problems.push({
        line,
        text: trimmed,
        reason: `${formatTimestamp(startSeconds)} comes before the previous entry (${formatTimestamp(previous.startSeconds)}).`,
      });
      continue;
    }
    if (durationSeconds && startSeconds > durationSeconds) {
      problems.push({
        line,
        text: trimmed,
        reason: `${formatTimestamp(startSeconds)} is past the end of the recording (${formatTimestamp(durationSeconds)}).`,
      });
      continue;
    }
    cues.push({ startSeconds, ...splitArtistTitle(rest) });
  }
  return { cues, problems };
}
