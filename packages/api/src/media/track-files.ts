import type { MusicSet, Track } from '@party/db';

const EXTENSIONS: Record<string, string> = { FLAC: 'flac', WAVE: 'wav', AIFF: 'aiff', MPEG: 'mp3' };

/** "Artist - Title.ext" for downloads, from the track or else its set; safe for any file system. */
export function trackFileName(track: Track, set: MusicSet, ext: string): string {
  const artist = track.artist ?? set.artist;
  const title = track.title ?? set.title;
  const name = `${artist} - ${title}`
    .replace(/[\\/:*?"<>|]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return `${name || 'track'}.${ext}`;
}

/** The original's extension: from its container, else from the uploaded name. */
export function originalExtension(track: Track): string {
  const fromContainer = track.container ? EXTENSIONS[track.container] : undefined;
  if (fromContainer) return fromContainer;
  const match = /\.([a-z0-9]{1,5})$/i.exec(track.originalName);
  return match?.[1]?.toLowerCase() ?? 'bin';
}
