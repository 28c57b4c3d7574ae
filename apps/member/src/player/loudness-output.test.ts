import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LoudnessOutput, type LoudnessState } from './loudness-output';

/** The element as far as the output touches it. */
interface FakeAudio {
  volume: number;
  crossOrigin: string | null;
}

/** Web Audio as far as the output uses it: one context, a GainNode, the element as source. */
class FakeAudioContext {
  static made = 0;
  state: AudioContextState = 'running';
  destination = {};
  gainNode = { gain: { value: 1 }, connect: (next: unknown) => next };
  constructor() {
    FakeAudioContext.made += 1;
  }
  createGain() {
    return this.gainNode;
  }
  createMediaElementSource() {
    return { connect: (next: unknown) => next };
  }
  addEventListener() {}
  resume() {
    return Promise.resolve();
  }
}

/** A loud set (lowered by 5 dB) and a quiet one (the target asks for +16 dB, the peak allows it). */
const LOUD = { lufs: -9, truePeakDb: -0.5 };
const QUIET = { lufs: -30, truePeakDb: -20 };
const SIGNED_URL = 'https://s3.test/bucket/derived/tracks/t1/medium.mp3?X-Amz-Signature=abc';

function setup() {
  const audio: FakeAudio = { volume: 1, crossOrigin: null };
  const states: LoudnessState[] = [];
  const output = new LoudnessOutput(
    audio as unknown as HTMLAudioElement,
    { enabled: true, volume: 1 },
    (state) => states.push(state),
  );
  return { audio, output, states };
}

describe('LoudnessOutput: raising needs the storage to allow CORS', () => {
  const fetchMock = vi.fn<typeof fetch>();

  beforeEach(() => {
    FakeAudioContext.made = 0;
    fetchMock.mockReset();
    vi.stubGlobal('AudioContext', FakeAudioContext);
    vi.stubGlobal('fetch', fetchMock);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('asks the storage only once a quiet set wants raising, with CORS and for one byte', async () => {
    const { output } = setup();
    output.setTrack(LOUD.lufs, LOUD.truePeakDb);
    expect(output.needsProbe()).toBe(false);
    output.setTrack(QUIET.lufs, QUIET.truePeakDb);
    expect(output.needsProbe()).toBe(true);
    output.setEnabled(false);
    expect(output.needsProbe()).toBe(false);
    output.setEnabled(true);

    fetchMock.mockResolvedValueOnce(new Response('x', { status: 206 }));
    await output.probe(SIGNED_URL);
    expect(fetchMock).toHaveBeenCalledWith(
      SIGNED_URL,
      expect.objectContaining({ mode: 'cors', headers: { Range: 'bytes=0-0' } }),
    );
    expect(output.needsProbe()).toBe(false);
  });

  it('refused by the browser (no CORS rule for this origin): only lowers, and the state says why', async () => {
    const { audio, output, states } = setup();
    output.setTrack(QUIET.lufs, QUIET.truePeakDb);
    // What Chromium throws for a cross-origin answer without Access-Control-Allow-Origin.
    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    await output.probe(SIGNED_URL);
    expect(output.state.boost).toBe('no-cors');
    expect(states.at(-1)?.boost).toBe('no-cors');
    expect(output.needsProbe()).toBe(false);

    // The quiet set stays where it is: no CORS source, no Web Audio, no raise.
    output.beforeSource();
    expect(audio.crossOrigin).toBeNull();
    output.activate();
    expect(FakeAudioContext.made).toBe(0);
    expect(output.state.applied).toMatchObject({ wantedDb: 16, gainDb: 0, limit: 'no-boost' });
    expect(audio.volume).toBe(1);

    // A loud set is still lowered, through the element's volume.
    output.setTrack(LOUD.lufs, LOUD.truePeakDb);
    expect(output.state.applied).toMatchObject({ gainDb: -5, limit: 'none' });
    expect(audio.volume).toBeCloseTo(10 ** (-5 / 20), 5);
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('answered (the bucket allows this origin): the next source loads with CORS and Web Audio raises it', async () => {
    const { audio, output } = setup();
    output.setTrack(QUIET.lufs, QUIET.truePeakDb);
    fetchMock.mockResolvedValueOnce(new Response('x', { status: 206 }));
    await output.probe(SIGNED_URL);
    expect(output.state.boost).toBe('available');
    output.beforeSource();
    expect(audio.crossOrigin).toBe('anonymous');
    output.activate();
    expect(FakeAudioContext.made).toBe(1);
    expect(output.state.applied).toMatchObject({ gainDb: 16, limit: 'none' });
  });

  it('an HTTP error (an expired SIGNED_URL) decides nothing: the next source asks again', async () => {
    const { audio, output } = setup();
    output.setTrack(QUIET.lufs, QUIET.truePeakDb);
    fetchMock.mockResolvedValueOnce(new Response('denied', { status: 403 }));
    await output.probe(SIGNED_URL);
    expect(output.state.boost).toBe('unknown');
    expect(output.needsProbe()).toBe(true);
    output.beforeSource();
    expect(audio.crossOrigin).toBeNull();
    expect(output.state.applied.gainDb).toBe(0);
  });
});
