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

/** `44100` → `44.1 kHz`, `96000` → `96 kHz`. */
export function formatSampleRate(hz: number): string {
  return `${Number((hz / 1000).toFixed(1))} kHz`;
}

/** `-14.234` → `−14.2 LUFS` (with a real minus sign). */
export function formatLoudness(lufs: number): string {
  return `${lufs.toFixed(1).replace('-', '−')} LUFS`;
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
  return `${name} in ${box}`;
}

/** `1` → mono, `2` → stereo, otherwise the count. */
export function formatChannels(channels: number): string {
  return channels === 1 ? 'mono' : channels === 2 ? 'stereo' : `${channels} channels`;
}

/** Stage names of the processing job, for people. */
const STAGES: Record<string, string> = {
  downloading: 'Fetching the upload',
  reading: 'Reading the file',
  encoding: 'Encoding the streams',
  finalizing: 'Finishing the encodes',
  uploading: 'Storing the streams',
};

export function describeStage(stage: string | null | undefined): string {
  if (!stage) return 'Waiting for a worker';
  return STAGES[stage] ?? stage;
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
