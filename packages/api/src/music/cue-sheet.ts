/**
 * Reads a `.cue` sheet into tracklist cues: each `TRACK` gives one entry at its `INDEX 01`
 * (`mm:ss:ff`, minutes may pass 99, 75 frames a second), titled by its `TITLE` and `PERFORMER`.
 * Sheet-level `TITLE`/`PERFORMER` (the mix and its DJ) and every other command (`REM`, `FLAGS`,
 * `ISRC`, `PREGAP`, `INDEX 00` …) are skipped. A sheet for several files cannot describe one
 * recording and is refused. Like the pasted tracklist, every problem names its line; with any
 * problem nothing should be saved.
 */
import type { Cue, TracklistProblem } from './tracklist';
import { formatTimestamp } from './tracklist';

/** Whether a text is a cue sheet rather than a pasted tracklist: it has a `TRACK nn AUDIO` line. */
export function looksLikeCueSheet(text: string): boolean {
  return /^\s*TRACK\s+\d+\s+AUDIO\b/im.test(text);
}

const FRAMES_PER_SECOND = 75;

/** Seconds of `mm:ss:ff`; undefined when a field is out of range. */
export function parseCueTime(text: string): number | undefined {
  const match = /^(\d{1,4}):(\d{2}):(\d{2})$/.exec(text.trim());
  if (!match) return undefined;
  const [minutes, seconds, frames] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (seconds >= 60 || frames >= FRAMES_PER_SECOND) return undefined;
  return minutes * 60 + seconds + frames / FRAMES_PER_SECOND;
}

/** The value of `TITLE "x"` / `TITLE x`: quotes removed. */
function value(rest: string): string {
  const trimmed = rest.trim();
  const quoted = /^"(.*)"$/.exec(trimmed);
  return (quoted ? (quoted[1] ?? '') : trimmed).trim();
}

interface OpenTrack {
  line: number;
  text: string;
  number: string;
  title: string | null;
  performer: string | null;
  start: number | null;
}

export function parseCueSheet(
  text: string,
  durationSeconds?: number | null,
): { cues: Cue[]; problems: TracklistProblem[] } {
  const cues: Cue[] = [];
  const problems: TracklistProblem[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n|\r/);
  let files = 0;
  let track: OpenTrack | null = null;

  const close = () => {
    if (!track) return;
    const open = track;
    track = null;
    if (open.start === null) {
      problems.push({
        line: open.line,
        text: open.text,
        reason: `Track ${open.number} has no INDEX 01 (its start).`,
      });
      return;
    }
    const previous = cues.at(-1);
    if (previous && open.start < previous.startSeconds) {
      problems.push({
        line: open.line,
        text: open.text,
        reason: `Track ${open.number} starts at ${formatTimestamp(open.start)}, before the track above it (${formatTimestamp(previous.startSeconds)}).`,
      });
      return;
    }
    if (durationSeconds && open.start > durationSeconds) {
      problems.push({
        line: open.line,
        text: open.text,
        reason: `Track ${open.number} starts at ${formatTimestamp(open.start)}, past the end of the recording (${formatTimestamp(durationSeconds)}).`,
      });
      return;
    }
    cues.push({
      startSeconds: open.start,
      artist: open.performer ? open.performer.slice(0, 300) : null,
      title: (open.title || `Track ${open.number}`).slice(0, 300),
    });
  };

  for (const [index, raw] of lines.entries()) {
    const line = index + 1;
    const trimmed = raw.trim();
    if (!trimmed) continue;
    const [command = '', ...restParts] = trimmed.split(/\s+/);
    const rest = trimmed.slice(command.length);
    switch (command.toUpperCase()) {
      case 'FILE':
        files += 1;
        if (files === 2) {
          problems.push({
            line,
            text: trimmed,
            reason:
              'This cue sheet describes several files; a tracklist belongs to one recording. Import a sheet for this file only.',
          });
        }
        break;
      case 'TRACK': {
        close();
        const number = restParts[0] ?? '';
        if (!/^\d{1,2}$/.test(number)) {
          problems.push({
            line,
            text: trimmed,
            reason: 'A TRACK line needs a track number (e.g. TRACK 01 AUDIO).',
          });
        }
        track = { line, text: trimmed, number, title: null, performer: null, start: null };
        break;
      }
      case 'TITLE':
        if (track) track.title = value(rest);
        break;
      case 'PERFORMER':
        if (track) track.performer = value(rest) || null;
        break;
      case 'INDEX': {
        if (!track) {
          problems.push({ line, text: trimmed, reason: 'An INDEX line before any TRACK line.' });
          break;
        }
        const [number = '', time = ''] = restParts;
        const seconds = parseCueTime(time);
        if (!/^\d{1,2}$/.test(number) || seconds === undefined) {
          problems.push({
            line,
            text: trimmed,
            reason: `"${time}" is not a cue sheet time (expected INDEX 01 mm:ss:ff, 75 frames a second).`,
          });
        } else if (Number(number) === 1) {
          track.start = seconds;
        }
        break;
      }
      case 'REM':
      case 'CATALOG':
      case 'CDTEXTFILE':
      case 'SONGWRITER':
      case 'FLAGS':
      case 'ISRC':
      case 'PREGAP':
      case 'POSTGAP':
        break;
      default:
        problems.push({ line, text: trimmed, reason: `"${command}" is not a cue sheet command.` });
    }
  }
  close();
  if (cues.length === 0 && problems.length === 0) {
    problems.push({
      line: 1,
      text: lines[0]?.trim() ?? '',
      reason: 'This cue sheet has no TRACK with an INDEX 01.',
    });
  }
  // A track's own problems surface when the next TRACK closes it: list them in line order.
  return { cues, problems: problems.sort((a, b) => a.line - b.line) };
}
