import { describe, expect, it } from 'vitest';
import { trackObjectKeys } from './tracks';

const id = '3f0c6a57-8a1e-4c39-9d1b-6a0f3a1e5b11';
const processed = {
  originalKey: `originals/${id}`,
  peaksKey: `derived/tracks/${id}/peaks.json`,
  peaksDetailKey: `derived/tracks/${id}/peaks-detail.json`,
};

describe('trackObjectKeys', () => {
  it('a processed track owns its original, both peaks files and every rendition', () => {
    const renditions = [{ key: `derived/tracks/${id}/high.mp3` }, { key: `derived/tracks/${id}/medium.mp3` }];
    expect(trackObjectKeys(processed, renditions)).toEqual([
      `originals/${id}`,
      `derived/tracks/${id}/peaks.json`,
      `derived/tracks/${id}/peaks-detail.json`,
      `derived/tracks/${id}/high.mp3`,
      `derived/tracks/${id}/medium.mp3`,
    ]);
  });

  it('a track not yet processed owns only its original', () => {
    expect(trackObjectKeys({ ...processed, peaksKey: null, peaksDetailKey: null }, [])).toEqual([
      `originals/${id}`,
    ]);
  });

  it('a track with overview peaks but no detail file yet owns what exists', () => {
    expect(trackObjectKeys({ ...processed, peaksDetailKey: null }, [{ key: 'derived/x/flac.flac' }])).toEqual(
      [`originals/${id}`, `derived/tracks/${id}/peaks.json`, 'derived/x/flac.flac'],
    );
  });
});
