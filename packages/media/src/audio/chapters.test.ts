import { describe, expect, it } from 'vitest';
import { parseChapterProbe } from './chapters';

describe('parseChapterProbe', () => {
  it('reads chapter starts and titles, and a CUESHEET tag in any case', () => {
    const json = JSON.stringify({
      chapters: [
        { id: 1, start_time: '0.000000', tags: { title: 'Intro' } },
        { id: 2, start_time: '4.500000', tags: { title: '' } },
        { id: 3, start_time: 'N/A' },
      ],
      format: { tags: { CueSheet: 'FILE "a.flac" WAVE' } },
    });
    expect(parseChapterProbe(json)).toEqual({
      cueSheet: 'FILE "a.flac" WAVE',
      chapters: [
        { startSeconds: 0, title: 'Intro' },
        { startSeconds: 4.5, title: null },
      ],
    });
  });

  it('is empty for a file without chapters', () => {
    expect(parseChapterProbe('{"chapters": [], "format": {}}')).toEqual({ cueSheet: null, chapters: [] });
  });
});
