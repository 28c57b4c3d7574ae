import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type PlayerApi, PlayerController, type QueueSet, type SetTrack } from './player-controller';

/** Just enough of an <audio> element: the test fires the media events the browser would. */
class FakeAudio extends EventTarget {
  preload = '';
  id = '';
  paused = true;
  ended = false;
  duration = Number.NaN;
  readyState = 0;
  playbackRate = 1;
  error: { code: number } | null = null;
  private time = 0;
  private source = '';

  get src() {
    return this.source;
  }
  set src(url: string) {
    this.source = url;
    this.readyState = 0;
    this.paused = true;
    this.time = 0;
    this.error = null;
  }
  get currentSrc() {
    return this.source;
  }
  get currentTime() {
    return this.time;
  }
  set currentTime(seconds: number) {
    this.time = seconds;
    this.fire('seeking');
  }
  hasAttribute() {
    return this.source !== '';
  }
  removeAttribute() {
    this.source = '';
  }
  load() {}
  remove() {}
  play() {
    this.paused = false;
    this.fire('play');
    return Promise.resolve();
  }
  pause() {
    if (this.paused) return;
    this.paused = true;
    this.fire('pause');
  }
  fire(type: string) {
    this.dispatchEvent(new Event(type));
  }
  /** The browser has read the header of the new source. */
  metadata(duration: number) {
    this.readyState = 1;
    this.duration = duration;
    this.fire('loadedmetadata');
  }
  /** Playback moved on by itself. */
  advance(seconds: number) {
    this.time += seconds;
    this.fire('timeupdate');
  }
}

function track(id: string, durationSeconds: number): SetTrack {
  return {
    id,
    position: 0,
    title: `Track ${id}`,
    artist: 'DJ Test',
    durationSeconds,
    lossless: true,
    sampleRate: 44100,
    bitDepth: 16,
    loudnessLufs: -9,
    truePeakDb: -0.5,
    tiers: ['high', 'medium'],
    downloads: { original: { bytes: 1000, codec: 'flac' }, flac: null },
    peaksUrl: null,
    detailPeaksUrl: null,
    cues: [
      { startSeconds: 0, artist: 'A', title: 'One' },
      { startSeconds: 300, artist: 'B', title: 'Two' },
    ],
    resumeAt: null,
  } as SetTrack;
}

const set: QueueSet = {
  id: 'set-1',
  title: 'Sunrise',
  artist: 'DJ Test',
  coverUrl: null,
  tracks: [track('t1', 1800), track('t2', 600)],
};

const TTL_MS = 15 * 60 * 1000;

/** `navigator.connection` in Chromium: the hints, and a `change` event when they change. */
class FakeConnection extends EventTarget {
  constructor(
    public effectiveType = '4g',
    public saveData = false,
  ) {
    super();
  }
  /** The browser noticed a different connection. */
  become(effectiveType: string, saveData = false) {
    this.effectiveType = effectiveType;
    this.saveData = saveData;
    this.dispatchEvent(new Event('change'));
  }
}

/** `navigator.mediaSession`: keeps the handlers the player registers so the test can press them. */
class FakeMediaSession {
  readonly handlers = new Map<string, MediaSessionActionHandler>();
  metadata: { title: string; album: string } | null = null;
  playbackState = 'none';
  setActionHandler(action: string, handler: MediaSessionActionHandler | null) {
    if (handler) this.handlers.set(action, handler);
    else this.handlers.delete(action);
  }
  setPositionState() {}
  /** The lock screen's or headset's button. */
  press(action: MediaSessionAction) {
    const handler = this.handlers.get(action);
    if (!handler) throw new Error(`no handler for ${action}`);
    handler({ action });
  }
}

interface SetupOptions {
  /** What `navigator` offers; Node's own (no connection, no Media Session) when left out. */
  connection?: FakeConnection;
  mediaSession?: FakeMediaSession;
  /** localStorage as the member left it on this device. */
  stored?: Record<string, string>;
}

function setup(options: SetupOptions = {}) {
  const audio = new FakeAudio();
  const storage = new Map<string, string>(Object.entries(options.stored ?? {}));
  if (options.connection || options.mediaSession) {
    vi.stubGlobal('navigator', {
      ...(options.connection && { connection: options.connection }),
      ...(options.mediaSession && { mediaSession: options.mediaSession }),
    });
  }
  if (options.mediaSession) {
    vi.stubGlobal(
      'MediaMetadata',
      class {
        constructor(init: MediaMetadataInit) {
          Object.assign(this, init);
        }
      },
    );
  }
  const listeners = { add: () => {}, remove: () => {} };
  vi.stubGlobal('window', {
    addEventListener: listeners.add,
    removeEventListener: listeners.remove,
    localStorage: {
      getItem: (key: string) => storage.get(key) ?? null,
      setItem: (key: string, value: string) => storage.set(key, value),
    },
  });
  vi.stubGlobal('document', {
    body: { append: () => {} },
    visibilityState: 'visible',
    addEventListener: listeners.add,
    removeEventListener: listeners.remove,
  });
  let issued = 0;
  const streamUrl = vi.fn(async ({ trackId, tier }: { trackId: string; tier: string }) => {
    issued += 1;
    return {
      url: `https://s3.test/${trackId}/${tier}.mp3?sig=${issued}`,
      expiresAt: new Date(Date.now() + TTL_MS),
      tier,
    };
  });
  const savePosition = vi.fn(async () => ({ ok: true }));
  const api: PlayerApi = {
    streamUrl,
    savePosition,
    describeError: (error) => String(error),
    loadFailedText: () => 'The audio could not be loaded.',
  };
  const player = new PlayerController(api, 'user-1', audio as unknown as HTMLAudioElement);
  player.attach();
  return { audio, player, streamUrl, savePosition, storage };
}

/** Lets the awaited streamUrl promise and its continuation run. */
const settle = () => vi.advanceTimersByTimeAsync(0);

describe('PlayerController', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-06-01T20:00:00Z'));
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('opens a track on the remembered tier at the asked position and plays it', async () => {
    const { audio, player, streamUrl } = setup();
    player.open(set, 0, { at: 120, play: true });
    await settle();
    expect(streamUrl).toHaveBeenCalledWith({ trackId: 't1', tier: 'medium' });
    expect(audio.src).toContain('/t1/medium.mp3');
    audio.metadata(1800);
    expect(audio.currentTime).toBe(120);
    expect(audio.paused).toBe(false);
    expect(player.getState()).toMatchObject({ status: 'ready', playing: true, tier: 'medium', cueIndex: 0 });
    audio.advance(200);
    expect(player.getState()).toMatchObject({ currentTime: 320, cueIndex: 1 });
  });

  it('switches tier mid-play at the same position, still playing, and remembers the choice', async () => {
    const { audio, player, streamUrl, storage } = setup();
    player.open(set, 0);
    await settle();
    audio.metadata(1800);
    audio.advance(754);
    player.setTier('high');
    await settle();
    expect(streamUrl).toHaveBeenLastCalledWith({ trackId: 't1', tier: 'high' });
    expect(audio.src).toContain('/t1/high.mp3');
    expect(player.getState().currentTime).toBe(754);
    audio.metadata(1800);
    expect(audio.currentTime).toBe(754);
    expect(audio.paused).toBe(false);
    expect(storage.get('party:stream-tier:user-1')).toBe('high');
    expect(player.getState().tier).toBe('high');
  });

  it('fetches a fresh URL before expiry: a paused player switches at once', async () => {
    const { audio, player, streamUrl } = setup();
    player.open(set, 0, { play: false });
    await settle();
    audio.metadata(1800);
    audio.currentTime = 500;
    const first = audio.src;
    await vi.advanceTimersByTimeAsync(TTL_MS - 60_000 - 1000);
    expect(streamUrl).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(2000);
    expect(streamUrl).toHaveBeenCalledTimes(2);
    expect(audio.src).not.toBe(first);
    audio.metadata(1800);
    expect(audio.currentTime).toBe(500);
    expect(audio.paused).toBe(true);
  });

  it('a playing player keeps its stream and moves to the fresh URL at the next seek', async () => {
    const { audio, player, streamUrl } = setup();
    player.open(set, 0);
    await settle();
    audio.metadata(1800);
    const first = audio.src;
    await vi.advanceTimersByTimeAsync(TTL_MS - 59_000);
    expect(streamUrl).toHaveBeenCalledTimes(2);
    expect(audio.src).toBe(first);
    // Past the old URL's expiry the member seeks: the fresh URL takes over at the target.
    await vi.advanceTimersByTimeAsync(60_000);
    player.seek(1200);
    await settle();
    expect(audio.src).not.toBe(first);
    expect(audio.src).toContain('sig=2');
    audio.metadata(1800);
    expect(audio.currentTime).toBe(1200);
    expect(audio.paused).toBe(false);
  });

  it('recovers from a refused request (expired URL) at the same position, and gives up after a few', async () => {
    const { audio, player, streamUrl } = setup();
    player.open(set, 0);
    await settle();
    audio.metadata(1800);
    audio.advance(900);
    audio.error = { code: 2 };
    audio.fire('error');
    await settle();
    expect(streamUrl).toHaveBeenCalledTimes(2);
    audio.metadata(1800);
    expect(audio.currentTime).toBe(900);
    expect(audio.paused).toBe(false);
    for (let i = 0; i < 3; i++) {
      audio.error = { code: 4 };
      audio.fire('error');
      await settle();
      audio.metadata(1800);
    }
    expect(streamUrl).toHaveBeenCalledTimes(5);
    audio.error = { code: 4 };
    audio.fire('error');
    await settle();
    expect(streamUrl).toHaveBeenCalledTimes(5);
    expect(player.getState()).toMatchObject({ status: 'error', playing: false });
    expect(player.getState().error).toMatch(/could not be loaded/);
  });

  it('saves the position on pause and every 15 s while playing', async () => {
    const { audio, player, savePosition } = setup();
    player.open(set, 0);
    await settle();
    audio.metadata(1800);
    audio.advance(42.7);
    await vi.advanceTimersByTimeAsync(15_000);
    expect(savePosition).toHaveBeenLastCalledWith({ trackId: 't1', positionSeconds: 42 });
    audio.advance(10);
    player.pause();
    expect(savePosition).toHaveBeenLastCalledWith({ trackId: 't1', positionSeconds: 52 });
  });

  it('plays a multi-track set through in order', async () => {
    const { audio, player, streamUrl, savePosition } = setup();
    player.open(set, 0, { at: 1790 });
    await settle();
    audio.metadata(1800);
    audio.ended = true;
    audio.paused = true;
    audio.fire('pause');
    audio.fire('ended');
    audio.ended = false;
    expect(savePosition).toHaveBeenLastCalledWith({ trackId: 't1', positionSeconds: 0 });
    await settle();
    expect(streamUrl).toHaveBeenLastCalledWith({ trackId: 't2', tier: 'medium' });
    audio.metadata(600);
    expect(audio.paused).toBe(false);
    expect(player.getState()).toMatchObject({ index: 1, playing: true, currentTime: 0 });
  });
  it('puts only the answer for the last opened track on the element, and none after stop', async () => {
    const { audio, player, streamUrl } = setup();
    player.open(set, 0);
    player.open(set, 1);
    await settle();
    expect(streamUrl).toHaveBeenCalledTimes(2);
    expect(audio.src).toContain('/t2/medium.mp3');
    player.open(set, 0);
    player.stop();
    await settle();
    expect(audio.src).toBe('');
    expect(player.getState()).toMatchObject({ status: 'idle', set: null, playing: false });
  });

  it('a tier switch the member pauses during starts the new tier paused', async () => {
    const { audio, player } = setup();
    player.open(set, 0);
    await settle();
    audio.metadata(1800);
    audio.advance(300);
    player.setTier('high');
    player.pause();
    await settle();
    expect(audio.src).toContain('/t1/high.mp3');
    audio.metadata(1800);
    expect(audio.currentTime).toBe(300);
    expect(audio.paused).toBe(true);
    expect(player.getState()).toMatchObject({ status: 'ready', playing: false, tier: 'high' });
  });

  it('a seek while a refused URL is being replaced resumes at the seek target, still playing', async () => {
    const { audio, player } = setup();
    player.open(set, 0);
    await settle();
    audio.metadata(1800);
    audio.advance(900);
    audio.error = { code: 2 };
    audio.fire('error');
    // Chromium pauses an element whose request was refused: that is not the member pausing.
    audio.pause();
    player.seek(1500);
    await settle();
    audio.metadata(1800);
    expect(audio.currentTime).toBe(1500);
    expect(audio.paused).toBe(false);
  });

  it('after giving up, play asks for a fresh URL and resumes where the member was', async () => {
    const { audio, player, streamUrl } = setup();
    streamUrl.mockRejectedValueOnce(new Error('offline'));
    player.open(set, 0, { at: 60 });
    await settle();
    expect(player.getState()).toMatchObject({ status: 'error', playing: false, error: 'Error: offline' });
    player.play();
    expect(player.getState()).toMatchObject({ status: 'loading', playing: true, error: null });
    await settle();
    audio.metadata(1800);
    expect(audio.currentTime).toBe(60);
    expect(audio.paused).toBe(false);
    expect(player.getState().status).toBe('ready');
  });

  describe('data saver (a metered or slow connection)', () => {
    it('streams medium and says why when the browser reports 3G or Save-Data', async () => {
      for (const connection of [new FakeConnection('3g'), new FakeConnection('4g', true)]) {
        const { audio, player, streamUrl } = setup({ connection });
        expect(player.getState()).toMatchObject({ dataSaver: true, preferredTier: 'medium' });
        player.open(set, 0);
        await settle();
        expect(streamUrl).toHaveBeenLastCalledWith({ trackId: 't1', tier: 'medium' });
        expect(audio.src).toContain('/t1/medium.mp3');
        player.detach();
        vi.unstubAllGlobals();
      }
    });

    it('says nothing on a fast connection', () => {
      const { player } = setup({ connection: new FakeConnection('4g') });
      expect(player.getState()).toMatchObject({ dataSaver: false, preferredTier: 'medium' });
    });

    it("the member's own choice wins: a remembered High streams High on a slow connection", async () => {
      const { audio, player, streamUrl } = setup({
        connection: new FakeConnection('2g', true),
        stored: { 'party:stream-tier:user-1': 'high' },
      });
      expect(player.getState()).toMatchObject({ dataSaver: false, preferredTier: 'high' });
      player.open(set, 0);
      await settle();
      expect(streamUrl).toHaveBeenLastCalledWith({ trackId: 't1', tier: 'high' });
      expect(audio.src).toContain('/t1/high.mp3');
    });

    it('choosing a quality mid-play ends the note, switches, and is remembered', async () => {
      const { audio, player, streamUrl, storage } = setup({ connection: new FakeConnection('3g') });
      player.open(set, 0);
      await settle();
      audio.metadata(1800);
      audio.advance(60);
      player.setTier('high');
      await settle();
      expect(streamUrl).toHaveBeenLastCalledWith({ trackId: 't1', tier: 'high' });
      expect(player.getState()).toMatchObject({ dataSaver: false, preferredTier: 'high' });
      expect(storage.get('party:stream-tier:user-1')).toBe('high');
    });

    it("follows the connection's change event until the member chooses, and stops listening on detach", async () => {
      const connection = new FakeConnection('4g');
      const { audio, player, streamUrl } = setup({ connection });
      player.open(set, 0);
      await settle();
      audio.metadata(1800);
      connection.become('3g');
      expect(player.getState()).toMatchObject({ dataSaver: true, preferredTier: 'medium' });
      // Medium streams either way: nothing is swapped mid-play.
      expect(streamUrl).toHaveBeenCalledTimes(1);
      connection.become('4g');
      expect(player.getState().dataSaver).toBe(false);
      connection.become('slow-2g');
      expect(player.getState().dataSaver).toBe(true);
      player.setTier('medium');
      connection.become('2g');
      expect(player.getState()).toMatchObject({ dataSaver: false, preferredTier: 'medium' });

      const other = setup({ connection: new FakeConnection('4g') });
      const seen: boolean[] = [];
      other.player.subscribe(() => seen.push(other.player.getState().dataSaver));
      other.player.detach();
      seen.length = 0;
      (navigator as unknown as { connection: FakeConnection }).connection.become('3g');
      expect(seen).toEqual([]);
    });
  });

  describe('Media Session (lock screen, headset)', () => {
    it("previous/next track go to the tracklist's chapters, and the lock screen names the chapter", async () => {
      const mediaSession = new FakeMediaSession();
      const { audio, player, streamUrl } = setup({ mediaSession });
      player.open(set, 0);
      await settle();
      audio.metadata(1800);
      audio.advance(10);
      expect(mediaSession.metadata?.title).toBe('A – One');

      mediaSession.press('nexttrack');
      expect(audio.currentTime).toBe(300);
      expect(player.getState().cueIndex).toBe(1);
      expect(mediaSession.metadata).toMatchObject({ title: 'B – Two', album: 'Track t1 · Sunrise' });

      // Well into a chapter, "previous" goes back to its start; just past a start, to the one before.
      audio.advance(20);
      mediaSession.press('previoustrack');
      expect(audio.currentTime).toBe(300);
      audio.advance(1);
      mediaSession.press('previoustrack');
      expect(audio.currentTime).toBe(0);
      expect(player.getState().cueIndex).toBe(0);
      expect(mediaSession.metadata?.title).toBe('A – One');

      // Past the last chapter, "next" opens the next track of the set, still playing.
      audio.advance(400);
      mediaSession.press('nexttrack');
      await settle();
      expect(streamUrl).toHaveBeenLastCalledWith({ trackId: 't2', tier: 'medium' });
      expect(player.getState()).toMatchObject({ index: 1, playing: true });
      // At the very start of a track, "previous" goes back to the track before.
      audio.metadata(600);
      mediaSession.press('previoustrack');
      await settle();
      expect(streamUrl).toHaveBeenLastCalledWith({ trackId: 't1', tier: 'medium' });
      expect(player.getState().index).toBe(0);
    });

    it('lets go of the handlers on detach', () => {
      const mediaSession = new FakeMediaSession();
      const { player } = setup({ mediaSession });
      expect([...mediaSession.handlers.keys()]).toEqual(
        expect.arrayContaining(['play', 'pause', 'previoustrack', 'nexttrack', 'seekto']),
      );
      player.detach();
      expect(mediaSession.handlers.size).toBe(0);
    });
  });
});
