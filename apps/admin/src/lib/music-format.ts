import { formatDecimal } from '@party/ui';
import { appT } from '../i18n';

/*
 * How the admin app writes audio facts and tracklists. Times are `h:mm:ss` throughout, the form the
 * server's tracklist parser reads back, so a saved tracklist round-trips through the editor.
 */

/** `3723.4` → `1:02:03`; seconds are truncated, as a cue at 1:02:03.9 starts in that second. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds == null || !Number.isFinite(seconds) || seconds < 0) return '–';
  const s = Math.floor(seconds);
  const h = Math.floor(s / 3600);
  const m = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  return `${h}:${m}:${String(s % 60).padStart(2, '0')}`;
}

export interface CueLine {
  startSeconds: number;
  artist: string | null;
  title: string;
}

/** One `h:mm:ss Artist - Title` line per cue (`h:mm:ss Title` without an artist). */
export function formatTracklist(cues: readonly CueLine[]): string {
  return cues
    .map(
      (cue) =>
        `${formatDuration(cue.startSeconds)} ${cue.artist ? `${cue.artist} - ${cue.title}` : cue.title}`,
    )
    .join('\n');
}

/** `44100` → `44.1 kHz`, `96000` → `96 kHz` (`44,1 kHz` in German). */
export function formatSampleRate(hz: number): string {
  const khz = Number((hz / 1000).toFixed(1));
  return `${formatDecimal(khz, Number.isInteger(khz) ? 0 : 1)} kHz`;
}

/** `-14.234` → `−14.2 LUFS` (with a real minus sign; `−14,2 LUFS` in German). */
export function formatLoudness(lufs: number): string {
  return `${formatDecimal(lufs, 1).replace('-', '−')} LUFS`;
}

/**
 * Codec and container as music-metadata names them, for people: `MPEG 1 Layer 3` in `MPEG` is
 * "MP3", `PCM` in `WAVE` is "PCM in WAV", `FLAC` in `FLAC` just "FLAC".
 */
export function formatAudioFormat(codec: string | null, container: string | null): string {
  const box = container === 'WAVE' ? 'WAV' : container?.split('/')[0];
  if (!codec) return box ?? '';
  const name = /^MPEG [\d.]+ Layer 3$/i.test(codec) ? 'MP3' : codec;
  if (!box || box.toLowerCase() === name.toLowerCase() || (name === 'MP3' && box === 'MPEG')) return name;
  return appT('tracks.facts.formatIn', { codec: name, container: box });
}

/** `1` → mono, `2` → stereo, otherwise the count. */
export function formatChannels(channels: number): string {
  if (channels === 1) return appT('tracks.facts.mono');
  if (channels === 2) return appT('tracks.facts.stereo');
  return appT('tracks.facts.channels', { count: channels });
}

const STAGES = ['downloading', 'reading', 'encoding', 'finalizing', 'uploading'] as const;

/** Stage names of the processing job, for people; an unknown stage as the worker named it. */
export function describeStage(stage: string | null | undefined): string {
  if (!stage) return appT('tracks.stage.waiting');
  const known = STAGES.find((name) => name === stage);
  return known ? appT(`tracks.stage.${known}`) : stage;
}

/** The order of `ids` with the item at `index` moved one place up (-1) or down (+1); null at an end. */
export function moveItem<T>(ids: readonly T[], index: number, direction: -1 | 1): T[] | null {
  const target = index + direction;
  if (index < 0 || index >= ids.length || target < 0 || target >= ids.length) return null;
  const next = [...ids];
  const [item] = next.splice(index, 1);
  next.splice(target, 0, item as T);
  return next;
}
