import { describe, expect, it } from 'vitest';
import { looksLikeCueSheet, parseCueSheet, parseCueTime } from './cue-sheet';
import { cuesFromEmbedded } from './embedded-chapters';

const SHEET = `REM GENRE Electronic
PERFORMER "DJ Sunrise"
TITLE "Live at the Beach"
FILE "sunrise.flac" WAVE
  TRACK 01 AUDIO
    TITLE "Intro"
    PERFORMER "Artist A"
    INDEX 01 00:00:00
  TRACK 02 AUDIO
    TITLE "Second Song"
    PERFORMER "Artist B"
    INDEX 00 04:28:50
    INDEX 01 04:30:00
  TRACK 03 AUDIO
    TITLE Unquoted Title
    INDEX 01 62:03:37
`;

describe('parseCueTime', () => {
  it('reads mm:ss:ff with 75 frames a second, minutes past 99 too', () => {
    expect(parseCueTime('04:30:00')).toBe(270);
    expect(parseCueTime('62:03:37')).toBeCloseTo(3723 + 37 / 75, 6);
    expect(parseCueTime('125:00:00')).toBe(7500);
    for (const bad of ['04:60:00', '04:30:75', '4:30', 'ab:cd:ef']) expect(parseCueTime(bad)).toBeUndefined();
  });
});

describe('parseCueSheet', () => {
  it('gives one entry per TRACK at its INDEX 01, with title and performer', () => {
    expect(looksLikeCueSheet(SHEET)).toBe(true);
    expect(looksLikeCueSheet('0:00 Artist - Title')).toBe(false);
    const { cues, problems } = parseCueSheet(SHEET);
    expect(problems).toEqual([]);
    expect(cues).toEqual([
      { startSeconds: 0, artist: 'Artist A', title: 'Intro' },
      { startSeconds: 270, artist: 'Artist B', title: 'Second Song' },
      { startSeconds: 3723 + 37 / 75, artist: null, title: 'Unquoted Title' },
    ]);
  });

  it('reads CRLF line ends and a byte order mark', () => {
    expect(parseCueSheet(`\uFEFF${SHEET.replaceAll('\n', '\r\n')}`).cues).toHaveLength(3);
  });

  it('names every bad line with its reason', () => {
    const bad = `FILE "a.flac" WAVE
  TRACK 01 AUDIO
    TITLE "No start"
  TRACK 02 AUDIO
    INDEX 01 04:61:00
  TRACK 03 AUDIO
    INDEX 01 10:00:00
  TRACK 04 AUDIO
    INDEX 01 05:00:00
  BOGUS line
FILE "b.flac" WAVE
`;
    const { problems } = parseCueSheet(bad);
    expect(problems.map((p) => [p.line, p.reason])).toEqual([
      [2, 'Track 01 has no INDEX 01 (its start).'],
      [4, 'Track 02 has no INDEX 01 (its start).'],
      [5, '"04:61:00" is not a cue sheet time (expected INDEX 01 mm:ss:ff, 75 frames a second).'],
      [8, 'Track 04 starts at 5:00, before the track above it (10:00).'],
      [10, '"BOGUS" is not a cue sheet command.'],
      [
        11,
        'This cue sheet describes several files; a tracklist belongs to one recording. Import a sheet for this file only.',
      ],
    ]);
  });

  it('refuses a sheet without tracks, and tracks past the end of the recording', () => {
    expect(parseCueSheet('REM nothing here').problems[0]?.reason).toBe(
      'This cue sheet has no TRACK with an INDEX 01.',
    );
    expect(parseCueSheet(SHEET, 600).problems.map((p) => p.line)).toEqual([14]);
  });
});

describe('cuesFromEmbedded', () => {
  it('prefers a text cue sheet tag, else splits chapter titles and names untitled ones', () => {
    expect(cuesFromEmbedded({ cueSheet: SHEET, chapters: [] }, 4000)).toHaveLength(3);
    expect(
      cuesFromEmbedded(
        {
          cueSheet: null,
          chapters: [
            { startSeconds: 4.5, title: 'Artist B - Second' },
            { startSeconds: 0, title: 'Intro' },
            { startSeconds: 9, title: '' },
            { startSeconds: 99, title: 'past the end' },
          ],
        },
        10,
      ),
    ).toEqual([
      { startSeconds: 0, artist: null, title: 'Intro' },
      { startSeconds: 4.5, artist: 'Artist B', title: 'Second' },
      { startSeconds: 9, artist: null, title: 'Track 03' },
    ]);
  });
});
