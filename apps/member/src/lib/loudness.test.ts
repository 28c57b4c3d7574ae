import { describe, expect, it } from 'vitest';
import { loudnessGain, TARGET_LUFS, TRUE_PEAK_CEILING_DB } from './loudness';

const base = { truePeakDb: -0.2, enabled: true, canBoost: true };

describe('loudnessGain', () => {
  it('targets −14 LUFS with −1 dBTP headroom by default', () => {
    expect([TARGET_LUFS, TRUE_PEAK_CEILING_DB]).toEqual([-14, -1]);
  });

  it('lowers a loud set to the target, whatever the peak', () => {
    expect(loudnessGain({ ...base, lufs: -6.5 })).toEqual({
      wantedDb: -7.5,
      gainDb: -7.5,
      linear: 10 ** (-7.5 / 20),
      limit: 'none',
    });
  });

  it('raises a quiet set to the target when its true peak leaves room', () => {
    const result = loudnessGain({ ...base, lufs: -26, truePeakDb: -18 });
    expect(result).toMatchObject({ wantedDb: 12, gainDb: 12, limit: 'none' });
    expect(result.linear).toBeCloseTo(3.981, 3);
  });

  it('never raises past the true-peak ceiling', () => {
    expect(loudnessGain({ ...base, lufs: -20, truePeakDb: -4 })).toMatchObject({
      wantedDb: 6,
      gainDb: 3,
      limit: 'peak',
    });
    // A peak already above the ceiling: no raise at all, never a negative "raise".
    expect(loudnessGain({ ...base, lufs: -20, truePeakDb: 0.3 })).toMatchObject({ gainDb: 0, limit: 'peak' });
    expect(loudnessGain({ ...base, lufs: -20, truePeakDb: -7, ceiling: 0 })).toMatchObject({ gainDb: 6 });
  });

  it('only attenuates where raising is impossible or unsafe', () => {
    expect(loudnessGain({ ...base, lufs: -20, canBoost: false })).toMatchObject({
      wantedDb: 6,
      gainDb: 0,
      limit: 'no-boost',
    });
    expect(loudnessGain({ ...base, lufs: -20, truePeakDb: null })).toMatchObject({
      gainDb: 0,
      limit: 'no-peak',
    });
    expect(loudnessGain({ ...base, lufs: -8, canBoost: false })).toMatchObject({ gainDb: -6, limit: 'none' });
  });

  it('leaves the level alone when off or unmeasured', () => {
    expect(loudnessGain({ ...base, lufs: -6, enabled: false })).toEqual({
      wantedDb: 0,
      gainDb: 0,
      linear: 1,
      limit: 'off',
    });
    expect(loudnessGain({ ...base, lufs: null })).toMatchObject({ gainDb: 0, limit: 'unmeasured' });
  });

  it('follows another target', () => {
    expect(loudnessGain({ ...base, lufs: -10, target: -16 })).toMatchObject({ gainDb: -6 });
  });
});
