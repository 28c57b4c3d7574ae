import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export interface EmbeddedChapters {
  /** A text cue sheet stored as a `CUESHEET` tag (foobar2000, EAC), when there is one. */
  cueSheet: string | null;
  /** The container's chapters in ffprobe's reading, start in seconds, title when it has one. */
  chapters: Array<{ startSeconds: number; title: string | null }>;
}

interface ProbeOutput {
  chapters?: Array<{ start_time?: string; tags?: Record<string, string> }>;
  format?: { tags?: Record<string, string> };
}

/** Reads ffprobe's JSON; pure, for tests. */
export function parseChapterProbe(json: string): EmbeddedChapters {
  const output = JSON.parse(json) as ProbeOutput;
  const tags = output.format?.tags ?? {};
  const cueKey = Object.keys(tags).find((key) => key.toLowerCase() === 'cuesheet');
  const cueSheet = cueKey ? (tags[cueKey] ?? null) : null;
  const chapters = (output.chapters ?? []).flatMap((chapter) => {
    const startSeconds = Number(chapter.start_time);
    if (!Number.isFinite(startSeconds)) return [];
    const title = chapter.tags?.title?.trim() || null;
    return [{ startSeconds, title }];
  });
  return { cueSheet: cueSheet?.trim() ? cueSheet : null, chapters };
}

/**
 * The chapters an upload carries, through `ffprobe -show_chapters` (ffmpeg 5.1 reads a FLAC
 * CUESHEET block — untitled, at each track's offset —, Vorbis `CHAPTERxx`/`CHAPTERxxNAME`
 * comments in FLAC and Ogg, ID3 `CHAP` frames in MP3, and MP4 chapters) plus a `CUESHEET` text
 * tag. Chapters are a convenience: when ffprobe is missing or fails, there are none.
 */
export async function readEmbeddedChapters(path: string, binary = 'ffprobe'): Promise<EmbeddedChapters> {
  try {
    const { stdout } = await execFileAsync(
      binary,
      ['-v', 'error', '-show_chapters', '-show_entries', 'format_tags', '-of', 'json', path],
      { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
    );
    return parseChapterProbe(stdout);
  } catch {
    return { cueSheet: null, chapters: [] };
  }
}
