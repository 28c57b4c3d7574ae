/**
 * A tracklist from what an upload carries itself, for processing to prefill: a text cue sheet in
 * a `CUESHEET` tag (foobar2000, EAC) wins, as it has titles; otherwise the container's chapters
 * (FLAC CUESHEET block, Vorbis `CHAPTERxx` comments, ID3 `CHAP` frames, MP4 chapters, as ffprobe
 * reads them). A chapter title "Artist - Title" is split like a pasted line; an untitled one
 * (a FLAC CUESHEET block has no titles) becomes "Track N".
 */
import { parseCueSheet } from './cue-sheet';
import { type Cue, splitArtistTitle } from './tracklist';

export interface EmbeddedChapter {
  startSeconds: number;
  title: string | null;
}

export function cuesFromEmbedded(
  embedded: { cueSheet: string | null; chapters: EmbeddedChapter[] },
  durationSeconds: number | null,
): Cue[] {
  if (embedded.cueSheet) {
    const sheet = parseCueSheet(embedded.cueSheet, durationSeconds);
    if (sheet.problems.length === 0 && sheet.cues.length > 0) return sheet.cues;
  }
  const chapters = embedded.chapters
    .filter((c) => Number.isFinite(c.startSeconds) && c.startSeconds >= 0)
    .filter((c) => !durationSeconds || c.startSeconds <= durationSeconds)
    .sort((a, b) => a.startSeconds - b.startSeconds);
  return chapters.map((chapter, index) => {
    const title = chapter.title?.trim();
    return title
      ? { startSeconds: chapter.startSeconds, ...splitArtistTitle(title) }
      : {
          startSeconds: chapter.startSeconds,
          artist: null,
          title: `Track ${String(index + 1).padStart(2, '0')}`,
        };
  });
}
