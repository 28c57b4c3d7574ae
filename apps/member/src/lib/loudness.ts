/**
 * Loudness matching: the gain that brings a set to a common target loudness, from the integrated
 * loudness and true peak measured at processing. Lowering is always possible (the media element's
 * volume); raising needs Web Audio and is capped so the true peak never goes above
 * {@link TRUE_PEAK_CEILING_DB}.
 */

/** The loudness every set is played at (streaming services' common −14 LUFS). */
export const TARGET_LUFS = -14;
/** Raising stops where the true peak would reach −1 dBTP (headroom for the MP3 decode's overshoot). */
export const TRUE_PEAK_CEILING_DB = -1;

/**
 * Why the applied gain differs from the wanted one: `off` (member turned matching off), `unmeasured`
 * (no loudness stored: silence or an old track), `no-boost` (raising is not possible here, see the
 * player's settings), `no-peak` (no true peak stored, so raising is not safe), `peak` (raised only up
 * to the true-peak ceiling), `none` (the gain is what the target asks for).
 */
export type GainLimit = 'off' | 'unmeasured' | 'no-boost' | 'no-peak' | 'peak' | 'none';

export interface LoudnessGain {
  /** Gain in dB the target asks for (0 when off or unmeasured). */
  wantedDb: number;
  /** Gain in dB to apply: never above 0 without `canBoost`, never past the true-peak ceiling. */
  gainDb: number;
  /** `gainDb` as a factor on the signal. */
  linear: number;
  limit: GainLimit;
}

export interface LoudnessInput {
  lufs: number | null;
  truePeakDb: number | null;
  enabled: boolean;
  /** Whether the player can raise the level (Web Audio on a CORS-readable source). */
  canBoost: boolean;
  target?: number;
  ceiling?: number;
}

const round = (db: number) => Math.round(db * 100) / 100;

function gain(wantedDb: number, gainDb: number, limit: GainLimit): LoudnessGain {
  const rounded = round(gainDb);
  return { wantedDb: round(wantedDb), gainDb: rounded, linear: 10 ** (rounded / 20), limit };
}

export function loudnessGain(input: LoudnessInput): LoudnessGain {
  const { lufs, truePeakDb, enabled, canBoost } = input;
  const target = input.target ?? TARGET_LUFS;
  const ceiling = input.ceiling ?? TRUE_PEAK_CEILING_DB;
  if (!enabled) return gain(0, 0, 'off');
  if (lufs === null || !Number.isFinite(lufs)) return gain(0, 0, 'unmeasured');
  const wanted = target - lufs;
  if (wanted <= 0) return gain(wanted, wanted, 'none');
  if (!canBoost) return gain(wanted, 0, 'no-boost');
  if (truePeakDb === null || !Number.isFinite(truePeakDb)) return gain(wanted, 0, 'no-peak');
  const headroom = Math.max(0, ceiling - truePeakDb);
  return headroom < wanted ? gain(wanted, headroom, 'peak') : gain(wanted, wanted, 'none');
}
