import { describe, expect, it } from 'vitest';
import { cueIndexAt, cueLabel } from './cues';

const cues = [
  { startSeconds: 0, artist: 'A', title: 'One' },
  { startSeconds: 450, artist: null, title: 'Two' },
  { startSeconds: 900, artist: 'C', title: 'Three' },
];

describe('cues', () => {
  it('finds the entry playing now', () => {
    expect(cueIndexAt(cues, 0)).toBe(0);
    expect(cueIndexAt(cues, 449)).toBe(0);
    expect(cueIndexAt(cues, 450)).toBe(1);
    expect(cueIndexAt(cues, 5000)).toBe(2);
    expect(cueIndexAt([{ startSeconds: 30, artist: null, title: 'Late' }], 10)).toBe(-1);
  });
  it('labels entries', () => {
    expect(cueLabel(cues[0] as (typeof cues)[number])).toBe('A – One');
    expect(cueLabel(cues[1] as (typeof cues)[number])).toBe('Two');
  });
});
