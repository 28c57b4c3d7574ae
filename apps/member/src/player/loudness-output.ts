import { type LoudnessGain, loudnessGain } from '../lib/loudness';

/**
 * Whether this player can raise a quiet set: `unknown` until a source needs it, `available` (Web
 * Audio on a source the storage lets this site read: CORS), `no-cors` (the storage refused: raising
 * would need the audio data, which a browser only hands to Web Audio with CORS) or `no-web-audio`.
 */
export type BoostSupport = 'unknown' | 'available' | 'no-cors' | 'no-web-audio';

export interface LoudnessState {
  /** The member's setting. */
  enabled: boolean;
  /** The member's volume, 0..1, on top of the loudness gain. */
  volume: number;
  lufs: number | null;
  truePeakDb: number | null;
  /** The loudness gain applied right now (a raise only counts once Web Audio carries the sound). */
  applied: LoudnessGain;
  boost: BoostSupport;
}

/**
 * The path from the `<audio>` element to the speakers, for loudness matching and the volume.
 * Lowering uses the element's own volume. Raising routes the element through a Web Audio
 * GainNode; a browser only lets Web Audio hear a cross-origin source fetched with CORS
 * (`crossorigin="anonymous"`), so before the first source that needs a raise the player asks the
 * storage once whether it allows this origin ({@link probe}), and only then loads sources with
 * CORS. Once routed, an element cannot be un-routed: the GainNode then carries every gain.
 * The AudioContext is made on a play press (browsers start it only after a gesture).
 */
export class LoudnessOutput {
  private context: AudioContext | null = null;
  private gainNode: GainNode | null = null;
  /** Whether the element's current source was loaded with CORS (Web Audio may hear it). */
  private corsSource = false;
  private boost: BoostSupport;
  private enabled: boolean;
  private volume: number;
  private lufs: number | null = null;
  private truePeakDb: number | null = null;
  state: LoudnessState;

  constructor(
    private readonly audio: HTMLAudioElement,
    initial: { enabled: boolean; volume: number },
    private readonly onChange: (state: LoudnessState) => void = () => {},
  ) {
    this.enabled = initial.enabled;
    this.volume = initial.volume;
    this.boost = typeof AudioContext === 'undefined' ? 'no-web-audio' : 'unknown';
    this.state = this.compute();
    this.audio.volume = this.volume;
  }

  setTrack(lufs: number | null, truePeakDb: number | null) {
    this.lufs = lufs;
    this.truePeakDb = truePeakDb;
    this.apply();
  }

  setEnabled(enabled: boolean) {
    this.enabled = enabled;
    this.apply();
  }

  setVolume(volume: number) {
    this.volume = Math.min(1, Math.max(0, volume));
    this.apply();
  }

  /** Whether to ask the storage about CORS before the next source: a raise is wanted, support unknown. */
  needsProbe(): boolean {
    return this.boost === 'unknown' && this.wantsRaise();
  }

  /**
   * Asks for the first byte of `url` the way Web Audio would need it (CORS, no credentials across
   * origins). Answered: raising is available. Refused by the browser (no CORS rule for this origin):
   * only lowering. An HTTP error (an expired URL, say) decides nothing.
   */
  async probe(url: string): Promise<void> {
    try {
      const response = await fetch(url, { mode: 'cors', cache: 'no-store', headers: { Range: 'bytes=0-0' } });
      await response.body?.cancel().catch(() => {});
      if (response.ok) this.boost = 'available';
    } catch {
      this.boost = 'no-cors';
    }
    this.apply();
  }

  /** Before the element gets a new source: with CORS once the storage allows it. */
  beforeSource() {
    if (this.boost === 'available' && this.audio.crossOrigin !== 'anonymous')
      this.audio.crossOrigin = 'anonymous';
    this.corsSource = this.audio.crossOrigin === 'anonymous';
  }

  /** On the member's play press: start Web Audio if a raise is wanted and possible. */
  activate() {
    if (!this.context && this.corsSource && this.boost === 'available' && this.wantsRaise()) {
      try {
        const context = new AudioContext();
        const gainNode = context.createGain();
        context.createMediaElementSource(this.audio).connect(gainNode).connect(context.destination);
        this.context = context;
        this.gainNode = gainNode;
        context.addEventListener('statechange', () => this.apply());
      } catch {
        this.boost = 'no-web-audio';
      }
    }
    if (this.context?.state === 'suspended') void this.context.resume().catch(() => {});
    this.apply();
  }

  private wantsRaise(): boolean {
    return loudnessGain({ ...this.inputs(), canBoost: true }).gainDb > 0;
  }

  private inputs() {
    return { lufs: this.lufs, truePeakDb: this.truePeakDb, enabled: this.enabled };
  }

  private routed(): boolean {
    return this.context !== null && this.gainNode !== null;
  }

  private compute(): LoudnessState {
    const running = this.routed() && this.context?.state === 'running';
    const applied = loudnessGain({ ...this.inputs(), canBoost: running });
    return {
      enabled: this.enabled,
      volume: this.volume,
      lufs: this.lufs,
      truePeakDb: this.truePeakDb,
      applied,
      boost: this.boost,
    };
  }

  private apply() {
    const state = this.compute();
    if (this.routed() && this.gainNode) {
      this.gainNode.gain.value = loudnessGain({ ...this.inputs(), canBoost: true }).linear;
      this.audio.volume = this.volume;
    } else {
      this.audio.volume = this.volume * Math.min(1, state.applied.linear);
    }
    this.state = state;
    this.onChange(state);
  }
}
