import { describe, expect, it } from 'vitest';
import { formatTimestamp, parseTimestamp, parseTracklist } from './tracklist';

describe('parseTimestamp', () => {
  it('reads m:ss and h:mm:ss, refusing out-of-range fields', () => {
    expect(parseTimestamp('00:00')).toBe(0);
    expect(parseTimestamp('5:30')).toBe(330);
    expect(parseTimestamp('1:02:03')).toBe(3723);
    expect(parseTimestamp('75:10')).toBe(4510);
    expect(parseTimestamp('1:60')).toBeUndefined();
    expect(parseTimestamp('1:02:99')).toBeUndefined();
  });

  it('formats back', () => {
    expect(formatTimestamp(3723)).toBe('1:02:03');
    expect(formatTimestamp(65)).toBe('1:05');
  });
});

describe('parseTracklist', () => {
  it('reads the usual ways DJs write tracklists', () => {
    const text = [
      '00:00 Bicep - Glue',
      '',
      '5:30 Four Tet – Baby',
      '[12:34] Untitled ID',
      '04. 1:02:03 Floating Points - Last Bloom - Edit',
      '1:10:00 - Peggy Gou - Starry Night',
    ].join('\n');
    const { cues, problems } = parseTracklist(text);
    expect(problems).toEqual([]);
    expect(cues).toEqual([
      { startSeconds: 0, artist: 'Bicep', title: 'Glue' },
      { startSeconds: 330, artist: 'Four Tet', title: 'Baby' },
      { startSeconds: 754, artist: null, title: 'Untitled ID' },
      { startSeconds: 3723, artist: 'Floating Points', title: 'Last Bloom - Edit' },
      { startSeconds: 4200, artist: 'Peggy Gou', title: 'Starry Night' },
    ]);
  });

  it('reports lines it cannot read, with line numbers and reasons', () => {
    const text = [
      '00:00 Intro',
      'Bicep - Glue',
      '3:75 Bad time',
      '10:00 Later',
      '09:00 Earlier',
      '12:00',
      '2:00:00 Too late',
    ].join('\n');
    const { cues, problems } = parseTracklist(text, 3600);
    expect(cues.map((c) => c.title)).toEqual(['Intro', 'Later']);
    expect(problems.map((p) => [p.line, p.reason])).toEqual([
      [2, 'No timestamp at the start (expected e.g. 1:02:03).'],
      [3, '"3:75" is not a valid time.'],
      [5, '9:00 comes before the previous entry (10:00).'],
      [6, 'There is a time but no title.'],
      [7, '2:00:00 is past the end of the recording (1:00:00).'],
    ]);
  });
});
