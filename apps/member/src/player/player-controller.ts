import type { RouterOutputs } from '@party/ui';
import { cueIndexAt, cueLabel } from '../lib/cues';
import { browserSavesData, watchDataSaver } from '../lib/data-saver';
import {
  readLoudnessMatching,
  readVolume,
  writeLoudnessMatching,
  writeVolume,
} from '../lib/playback-preferences';
import { readTierChoice, type StreamTier, writeTierPreference } from '../lib/tier-preference';
import { LoudnessOutput, type LoudnessState } from './loudness-output';
import {
  type ActiveTier,
  IDLE,
  isBetweenSources,
  newestOf,
  type PlayerLoad,
  type PlayerLoadEvent,
  type Source,
  sourceOf,
  statusOf,
  transition,
} from './player-load';

export type SetDetail = RouterOutputs['musicSets']['byId'];
export type SetTrack = SetDetail['tracks'][number];
export type { ActiveTier };

/** What the player keeps of a set: enough to play through it and label it on the lock screen. */
export interface QueueSet {
  id: string;
  title: string;
  artist: string;
  coverUrl: string | null;
  tracks: SetTrack[];
}

export interface SignedStream {
  url: string;
  expiresAt: Date;
  tier: string;
}

/** The server calls the player makes, injected so the controller stays free of React. */
export interface PlayerApi {
  streamUrl(input: { trackId: string; tier: ActiveTier }): Promise<SignedStream>;
  savePosition(input: { trackId: string; positionSeconds: number }): Promise<unknown>;
  describeError(error: unknown): string;
  /** The sentence shown when the audio keeps failing to load, in the member's language. */
  loadFailedText(): string;
}

export type PlayerStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface PlayerState {
  set: QueueSet | null;
  index: number;
  /** The member's choice of quality; `tier` is what actually streams (a track may lack a tier). */
  preferredTier: StreamTier;
  tier: ActiveTier | null;
  status: PlayerStatus;
  /** The member's intent: true from pressing play until pausing, also while a source loads. */
  playing: boolean;
  buffering: boolean;
  currentTime: number;
  duration: number;
  /** Index of the tracklist entry playing now, -1 before the first. */
  cueIndex: number;
  error: string | null;
  /** Loudness matching and volume (./loudness-output). */
  loudness: LoudnessState;
  /**
   * The browser reports a metered or slow connection and the member never chose a quality on
   * this device: the player streams medium and says why. Choosing a quality ends it.
   */
  dataSaver: boolean;
}

/** Ask for a new URL this long before the current one expires. */
const REFRESH_BEFORE_EXPIRY_MS = 60_000;
const SAVE_EVERY_MS = 15_000;
/** Automatic recoveries (fresh URL, same position) allowed per minute before giving up visibly. */
const MAX_RECOVERIES_PER_MINUTE = 4;

function toSource(signed: SignedStream, trackId: string): Source {
  const tier: ActiveTier = signed.tier === 'high' || signed.tier === 'original' ? signed.tier : 'medium';
  return { url: signed.url, expiresAt: signed.expiresAt.getTime(), trackId, tier };
}

/** The player with nothing loaded: at start, and after `stop()` (the tier preference stays). */
const NOTHING_LOADED: Omit<PlayerState, 'preferredTier' | 'loudness' | 'dataSaver'> = {
  set: null,
  index: 0,
  tier: null,
  status: 'idle',
  playing: false,
  buffering: false,
  currentTime: 0,
  duration: 0,
  cueIndex: -1,
  error: null,
};

/**
 * The one player of the member app: a single long-lived `<audio>` element and everything around
 * it, outside React so that playback survives page changes. Seeking is HTTP Range straight
 * against S3 on a presigned URL; the controller keeps that URL valid:
 *
 * - 60 s before it expires a fresh URL is fetched. A paused player switches at once. A playing
 *   one keeps its open stream (S3 checks the signature when a request starts, not while it
 *   runs), holds the fresh URL, and switches at the next break in the sound: a seek, a pause, a
 *   stall. Switching the `src` of a playing element drops and refetches its buffer: an audible
 *   gap every ten minutes is what an audiophile would notice.
 * - If the browser still hits an expired URL (a seek or a buffer refill answered 403, which the
 *   element reports as a MediaError), the controller fetches (or uses the held) fresh URL and
 *   resumes at the same position, playing if it was playing.
 *
 * What the element holds is one {@link PlayerLoad}, changed only through the pure `transition`
 * of `./player-load`; the methods here do what each change asks of the element and the timers.
 * React reads the state through `subscribe`/`getState` (useSyncExternalStore).
 */
export class PlayerController {
  readonly audio: HTMLAudioElement;
  private readonly api: PlayerApi;
  private readonly userId: string;
  private state: PlayerState;
  private readonly listeners = new Set<() => void>();
  /** What the element holds; `state.status` and `state.error` are read off it. */
  private load: PlayerLoad = IDLE;
  /**
   * The last known good position, and where a loading source starts; the element's own resets
   * while a source is swapped.
   */
  private position = 0;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private saveTimer: ReturnType<typeof setInterval> | undefined;
  private recoveries: number[] = [];
  private lastSaved: { trackId: string; seconds: number } | null = null;
  private detachers: (() => void)[] = [];
  private readonly output: LoudnessOutput;
  /** The member picked a quality on this device (or in this visit, where storage is off). */
  private tierChosen: boolean;

  /** `audio` is for tests; the app lets the controller make its own element. */
  constructor(api: PlayerApi, userId: string, audio: HTMLAudioElement = document.createElement('audio')) {
    this.api = api;
    this.userId = userId;
    this.audio = audio;
    this.audio.preload = 'metadata';
    this.audio.id = 'party-player-audio';
    const choice = readTierChoice(userId);
    this.tierChosen = choice !== null;
    // Data saver picks medium; the member's own choice on this device wins over it.
    const dataSaver = !this.tierChosen && browserSavesData();
    this.output = new LoudnessOutput(
      this.audio,
      { enabled: readLoudnessMatching(userId), volume: readVolume(userId) },
      (loudness) => this.setState({ loudness }),
    );
    this.state = {
      ...NOTHING_LOADED,
      preferredTier: dataSaver ? 'medium' : (choice ?? 'medium'),
      dataSaver,
      loudness: this.output.state,
    };
  }

  // ——— state for React ———

  getState = (): PlayerState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private setState(patch: Partial<PlayerState>) {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }

  /** Applies `event` to the load state; false when it did not apply (a stale answer, say). */
  private advance(event: PlayerLoadEvent): boolean {
    const next = transition(this.load, event);
    if (next === this.load) return false;
    this.load = next;
    const status = statusOf(next);
    const error = next.kind === 'failed' ? next.message : null;
    if (status !== this.state.status || error !== this.state.error) this.setState({ status, error });
    return true;
  }

  currentTrack(): SetTrack | undefined {
    return this.state.set?.tracks[this.state.index];
  }

  // ——— lifecycle ———

  /** Puts the element in the page and starts listening; undone by `detach`. */
  attach() {
    document.body.append(this.audio);
    const media = <K extends keyof HTMLMediaElementEventMap>(type: K, listener: () => void) => {
      this.audio.addEventListener(type, listener);
      this.detachers.push(() => this.audio.removeEventListener(type, listener));
    };
    media('loadedmetadata', () => this.onLoadedMetadata());
    media('durationchange', () => {
      if (!isBetweenSources(this.load)) this.setState({ duration: this.mediaDuration() });
    });
    media('timeupdate', () => this.onTimeUpdate());
    media('play', () => {
      this.setState({ playing: true });
      this.updatePlaybackState();
    });
    media('playing', () => this.setState({ playing: true, buffering: false }));
    media('waiting', () => this.onWaiting());
    media('pause', () => this.onPause());
    media('seeking', () => this.onSeeking());
    media('seeked', () => this.updatePositionState());
    media('ratechange', () => this.updatePositionState());
    media('ended', () => this.onEnded());
    media('error', () => this.onError());

    // Leaving (tab hidden, page closed or reloaded): keep where the member was.
    const onHidden = () => {
      if (document.visibilityState === 'hidden') this.savePosition();
    };
    const onPageHide = () => this.savePosition();
    document.addEventListener('visibilitychange', onHidden);
    window.addEventListener('pagehide', onPageHide);
    this.detachers.push(() => {
      document.removeEventListener('visibilitychange', onHidden);
      window.removeEventListener('pagehide', onPageHide);
    });

    this.saveTimer = setInterval(() => {
      if (this.state.playing && !this.audio.paused) this.savePosition();
    }, SAVE_EVERY_MS);
    this.setupMediaSession();
    // The connection can change while a set plays (a phone leaving Wi-Fi): the note follows it.
    // Medium is what streams without a choice either way, so no source is swapped.
    this.detachers.push(
      watchDataSaver((saves) => {
        if (!this.tierChosen) this.setState({ dataSaver: saves, preferredTier: 'medium' });
      }),
    );
  }

  /** Stops playback and lets go of the element (sign-out; also React's StrictMode re-mount). */
  detach() {
    this.stop();
    clearInterval(this.saveTimer);
    for (const detach of this.detachers.splice(0)) detach();
    this.audio.remove();
  }

  // ——— actions ———

  /** Plays track `index` of `set` from `at` seconds (or just cues it with `play: false`). */
  open(set: QueueSet, index: number, options: { at?: number; play?: boolean } = {}) {
    const track = set.tracks[index];
    if (!track) return;
    const at = Math.max(0, options.at ?? 0);
    const play = options.play ?? true;
    this.savePosition();
    // Before touching the element, so the events of dropping the old source are ignored.
    this.advance({ type: 'open' });
    this.audio.pause();
    this.audio.removeAttribute('src');
    this.audio.load();
    this.position = at;
    this.recoveries = [];
    this.setState({
      set,
      index,
      tier: null,
      playing: play,
      buffering: play,
      currentTime: at,
      duration: track.durationSeconds,
      cueIndex: cueIndexAt(track.cues, at),
    });
    this.output.setTrack(track.loudnessLufs, track.truePeakDb);
    this.updateMetadata();
    void this.fetchSource();
  }

  play() {
    const load = this.load;
    if (load.kind === 'idle') return;
    // While a source loads or a URL is on its way, the intent is all it takes: they read it.
    this.setState({ playing: true });
    this.output.activate();
    if (load.kind === 'failed') {
      this.recoveries = [];
      this.advance({ type: 'request' });
      void this.fetchSource();
    } else if (load.kind === 'ready') {
      if (load.fresh && !this.isStale(load.fresh)) this.swapToFresh();
      else this.playMedia();
    }
  }

  pause() {
    this.setState({ playing: false, buffering: false });
    this.audio.pause();
  }

  toggle() {
    if (this.state.playing) this.pause();
    else this.play();
  }

  seek(seconds: number) {
    const track = this.currentTrack();
    if (!track) return;
    const duration = this.mediaDuration();
    const at = Math.max(0, Math.min(seconds, Math.max(0, duration - 0.25)));
    this.position = at;
    // Anywhere else the source that loads (or the URL on its way) starts at `position`.
    if (this.load.kind === 'ready') this.audio.currentTime = at;
    this.showPosition(at);
    this.updatePositionState();
  }

  skip(seconds: number) {
    this.seek(this.position + seconds);
  }

  /** Remembers the choice for this member and, mid-play, switches at the same position. */
  setTier(tier: StreamTier) {
    writeTierPreference(this.userId, tier);
    this.tierChosen = true;
    this.setState({ preferredTier: tier, dataSaver: false });
    const track = this.currentTrack();
    if (!track || this.load.kind === 'idle') return;
    const wanted = this.tierFor(track);
    if (wanted === this.state.tier) return;
    this.advance({ type: 'request' });
    void this.fetchSource();
  }

  /** The member's volume (0..1), on top of the loudness gain; remembered on this device. */
  setVolume(volume: number) {
    writeVolume(this.userId, volume);
    this.output.setVolume(volume);
  }

  /** Loudness matching on or off; remembered on this device. */
  setLoudnessMatching(enabled: boolean) {
    writeLoudnessMatching(this.userId, enabled);
    this.output.setEnabled(enabled);
  }

  /** Next tracklist entry, or the next track of the set (headset "next" button). */
  next() {
    const { set, index } = this.state;
    const track = this.currentTrack();
    if (!set || !track) return;
    const cue = track.cues.find((c) => c.startSeconds > this.position + 0.5);
    if (cue) this.seek(cue.startSeconds);
    else if (index + 1 < set.tracks.length) this.open(set, index + 1, { play: this.state.playing });
  }

  /** Start of this entry, or the one before when just past its start. */
  previous() {
    const { set, index } = this.state;
    const track = this.currentTrack();
    if (!set || !track) return;
    const started = track.cues.filter((c) => c.startSeconds <= this.position - 3);
    const target = started.at(-1);
    if (target) this.seek(target.startSeconds);
    else if (this.position < 3 && index > 0) this.open(set, index - 1, { play: this.state.playing });
    else this.seek(0);
  }

  /** Ends playback and forgets the queue (the mini player's close button). */
  stop() {
    this.savePosition();
    const wasReady = this.load.kind === 'ready';
    this.advance({ type: 'stop' });
    clearTimeout(this.refreshTimer);
    this.audio.pause();
    if (wasReady) this.updatePlaybackState();
    if (this.audio.hasAttribute('src')) {
      this.audio.removeAttribute('src');
      this.audio.load();
    }
    this.position = 0;
    this.setState(NOTHING_LOADED);
    if ('mediaSession' in navigator) navigator.mediaSession.metadata = null;
  }

  // ——— sources and URLs ———

  private tierFor(track: SetTrack): ActiveTier {
    const tiers: readonly ActiveTier[] = track.tiers;
    if (tiers.includes('original')) return 'original';
    if (tiers.includes(this.state.preferredTier)) return this.state.preferredTier;
    return tiers[0] ?? 'medium';
  }

  /**
   * Asks for a URL for the current track, for the request the load state just started, and puts
   * it on the element if that request is still the one that counts when the answer comes.
   */
  private async fetchSource() {
    const track = this.currentTrack();
    if (!track) return;
    const { generation } = this.load;
    clearTimeout(this.refreshTimer);
    let signed: SignedStream;
    try {
      signed = await this.api.streamUrl({ trackId: track.id, tier: this.tierFor(track) });
      // A raise needs to know (once) whether the storage lets Web Audio hear this origin.
      if (this.output.needsProbe()) await this.output.probe(signed.url);
    } catch (error) {
      if (this.advance({ type: 'refused', generation, message: this.api.describeError(error) }))
        this.stopMedia();
      return;
    }
    if (this.advance({ type: 'signed', generation, source: toSource(signed, track.id) })) this.loadSource();
  }

  /** A break in the sound: the held fresh URL takes over at the same position. */
  private swapToFresh() {
    if (this.advance({ type: 'swap' })) this.loadSource();
  }

  /** Puts the source the load state now names on the element, to start at `position`. */
  private loadSource() {
    const source = sourceOf(this.load);
    if (!source) return;
    this.output.beforeSource();
    this.audio.src = source.url;
    this.setState({ tier: source.tier, buffering: this.state.playing });
    this.scheduleRefresh();
  }

  /** Plans the next refresh a minute before the newest URL held (current or fresh) expires. */
  private scheduleRefresh() {
    clearTimeout(this.refreshTimer);
    const newest = newestOf(this.load);
    if (!newest) return;
    const delay = Math.max(5_000, newest.expiresAt - REFRESH_BEFORE_EXPIRY_MS - Date.now());
    this.refreshTimer = setTimeout(() => void this.refresh(), delay);
  }

  private async refresh() {
    const source = sourceOf(this.load);
    if (!source || !this.advance({ type: 'refresh' })) return;
    const { generation } = this.load;
    let signed: SignedStream;
    try {
      signed = await this.api.streamUrl({ trackId: source.trackId, tier: source.tier });
    } catch {
      // Offline for a moment: try again soon; an expired URL is still recovered on error.
      if (generation === this.load.generation)
        this.refreshTimer = setTimeout(() => void this.refresh(), 15_000);
      return;
    }
    const before = sourceOf(this.load);
    const event = {
      type: 'refreshed',
      generation,
      source: toSource(signed, source.trackId),
      paused: this.audio.paused,
    } as const;
    if (!this.advance(event)) {
      // The signer hands out the same URL within its time bucket: ask again a little later.
      if (generation === this.load.generation)
        this.refreshTimer = setTimeout(() => void this.refresh(), 30_000);
      return;
    }
    if (sourceOf(this.load) !== before) this.loadSource();
    else this.scheduleRefresh();
  }

  private isStale(source: Source | null): boolean {
    return source !== null && Date.now() > source.expiresAt - REFRESH_BEFORE_EXPIRY_MS;
  }

  /** At a break in the sound, move to the fresh URL if the current one is about to expire. */
  private renewAtBreak() {
    const load = this.load;
    if (load.kind !== 'ready' || !this.isStale(load.source)) return;
    if (load.fresh && !this.isStale(load.fresh)) {
      this.swapToFresh();
    } else {
      this.advance({ type: 'request' });
      void this.fetchSource();
    }
  }

  /** After giving up: the element stops, and the member's play button starts again. */
  private stopMedia() {
    this.audio.pause();
    this.setState({ playing: false, buffering: false });
  }

  private playMedia() {
    // The page has had the member's play press by now (sticky activation): Web Audio may start.
    this.output.activate();
    this.audio.play().catch((error: unknown) => {
      // AbortError: a newer load or a pause came first. NotAllowedError: the browser wants a
      // gesture first; the play button is there. Source errors arrive as the 'error' event.
      if (error instanceof DOMException && error.name === 'NotAllowedError') {
        this.setState({ playing: false, buffering: false });
      }
    });
  }

  private mediaDuration(): number {
    const duration = this.audio.duration;
    if (Number.isFinite(duration) && duration > 0) return duration;
    return this.currentTrack()?.durationSeconds ?? 0;
  }

  // ——— element events ———

  private onLoadedMetadata() {
    const duration = this.mediaDuration();
    if (this.advance({ type: 'loaded' })) {
      const at = Math.min(this.position, Math.max(0, duration - 0.5));
      if (at > 0) this.audio.currentTime = at;
      this.position = at;
      if (this.state.playing) this.playMedia();
      else this.setState({ buffering: false });
    }
    this.setState({ duration, currentTime: this.position });
    this.updatePositionState();
  }

  private onTimeUpdate() {
    // While a new source loads the element reports 0: keep the last known position instead.
    if (isBetweenSources(this.load) || this.audio.readyState === 0) return;
    this.position = this.audio.currentTime;
    this.showPosition(this.position);
  }

  /**
   * The position and its tracklist entry for React, and the lock screen's title when the entry
   * changed (by playing on, or by a jump: a seek, ⏮/⏭, the headset's previous/next).
   */
  private showPosition(seconds: number) {
    const track = this.currentTrack();
    const cueIndex = track ? cueIndexAt(track.cues, seconds) : -1;
    const cueChanged = cueIndex !== this.state.cueIndex;
    this.setState({ currentTime: seconds, cueIndex });
    if (cueChanged) this.updateMetadata();
  }

  private onSeeking() {
    if (isBetweenSources(this.load)) return;
    this.position = this.audio.currentTime;
    this.showPosition(this.position);
    // A seek is a break in the sound anyway: the moment to leave an expiring URL.
    this.renewAtBreak();
  }

  private onWaiting() {
    if (isBetweenSources(this.load)) return;
    this.setState({ buffering: true });
    this.renewAtBreak();
  }

  private onPause() {
    // Swapping sources, giving up and reaching the end are not the member pausing.
    const load = this.load;
    if (load.kind !== 'ready' || this.audio.ended) return;
    this.setState({ playing: false, buffering: false });
    this.updatePlaybackState();
    this.savePosition();
    // Nobody hears a paused player switch URLs.
    if (load.kind === 'ready' && load.fresh && !this.isStale(load.fresh)) this.swapToFresh();
  }

  private onEnded() {
    const { set, index } = this.state;
    this.position = 0;
    this.savePosition();
    if (set && index + 1 < set.tracks.length) {
      this.open(set, index + 1, { at: 0, play: true });
    } else {
      this.setState({ playing: false, buffering: false });
      this.updatePlaybackState();
    }
  }

  private onError() {
    const error = this.audio.error;
    // Code 1 is MEDIA_ERR_ABORTED: the member or the player itself stopped the fetch. Without
    // a source on the element the error is the old one's, which is being replaced anyway.
    const load = this.load;
    if (!sourceOf(load) || !error || error.code === 1) return;
    const now = Date.now();
    this.recoveries = this.recoveries.filter((time) => now - time < 60_000);
    if (this.recoveries.length >= MAX_RECOVERIES_PER_MINUTE) {
      const message = this.api.loadFailedText();
      if (this.advance({ type: 'gaveUp', message })) this.stopMedia();
      return;
    }
    this.recoveries.push(now);
    // Most likely the URL expired (S3 answers 403): resume at the same place with a fresh one.
    if (load.kind === 'ready' && load.fresh && !this.isStale(load.fresh)) {
      this.swapToFresh();
    } else {
      this.advance({ type: 'recover' });
      void this.fetchSource();
    }
  }

  // ——— continuity ———

  /** Stores where the member is in the current track (deduplicated per second). */
  private savePosition() {
    const track = this.currentTrack();
    if (!track || this.load.kind === 'idle') return;
    const seconds = Math.floor(Math.max(0, this.position));
    if (this.lastSaved?.trackId === track.id && this.lastSaved.seconds === seconds) return;
    const saved = { trackId: track.id, seconds };
    this.lastSaved = saved;
    this.api.savePosition({ trackId: track.id, positionSeconds: seconds }).catch(() => {
      if (this.lastSaved === saved) this.lastSaved = null;
    });
  }

  // ——— Media Session: lock screen, headset and keyboard media keys ———

  private setupMediaSession() {
    if (!('mediaSession' in navigator)) return;
    const session = navigator.mediaSession;
    const handlers: [MediaSessionAction, MediaSessionActionHandler][] = [
      ['play', () => this.play()],
      ['pause', () => this.pause()],
      ['seekbackward', (details) => this.skip(-(details.seekOffset ?? 10))],
      ['seekforward', (details) => this.skip(details.seekOffset ?? 10)],
      [
        'seekto',
        (details) => {
          if (details.seekTime !== undefined) this.seek(details.seekTime);
        },
      ],
      ['previoustrack', () => this.previous()],
      ['nexttrack', () => this.next()],
    ];
    for (const [action, handler] of handlers) {
      try {
        session.setActionHandler(action, handler);
        this.detachers.push(() => session.setActionHandler(action, null));
      } catch {
        // This browser does not know the action.
      }
    }
  }

  private updateMetadata() {
    if (!('mediaSession' in navigator) || typeof MediaMetadata === 'undefined') return;
    const { set } = this.state;
    const track = this.currentTrack();
    if (!set || !track) return;
    const cue = track.cues[this.state.cueIndex];
    navigator.mediaSession.metadata = new MediaMetadata({
      title: cue ? cueLabel(cue) : track.title,
      artist: track.artist,
      album: cue ? `${track.title} · ${set.title}` : set.title,
      artwork: set.coverUrl ? [{ src: set.coverUrl }] : [],
    });
  }

  private updatePlaybackState() {
    if ('mediaSession' in navigator)
      navigator.mediaSession.playbackState = this.audio.paused ? 'paused' : 'playing';
    this.updatePositionState();
  }

  private updatePositionState() {
    if (!('mediaSession' in navigator) || !navigator.mediaSession.setPositionState) return;
    const duration = this.mediaDuration();
    if (!duration) return;
    try {
      navigator.mediaSession.setPositionState({
        duration,
        position: Math.min(Math.max(0, this.position), duration),
        playbackRate: this.audio.playbackRate || 1,
      });
    } catch {
      // Inconsistent values mid-swap: the next update corrects them.
    }
  }
}
