/**
 * What the player heard, turned into the batches `listening.report` takes. Pure (no DOM, no
 * timers): the reporter feeds it samples of the player state and takes a batch now and then.
 *
 * - A play is one track loaded and heard; seeking within it stays the same play, loading another
 *   track (or the same one again after another) starts a new one.
 * - Only natural progress counts as heard: time that moved forward by about as much as the wall
 *   clock did. A seek (a jump) or a stalled clock credits nothing, so skipped minutes stay cold on
 *   the heatmap.
 * - Per play: `started` once, `qualified` once when 30 s are heard, `fraction` as the growth of
 *   the share of distinct seconds covered, seconds heard per minute of the track.
 */

export interface ListeningSample {
  trackId: string | null;
  /** Seconds; 0 while unknown. */
  duration: number;
  currentTime: number;
  playing: boolean;
  /** Wall clock, ms. */
  now: number;
}

export interface ReportEntry {
  trackId: string;
  at: Date;
  started: boolean;
  qualified: boolean;
  fraction: number;
  minutes: { minute: number; seconds: number }[];
}

/** Heard seconds that make a play count as listened to. */
export const QUALIFYING_SECONDS = 30;
/** Largest step between two samples that is still playback, not a seek (timeupdate fires ~4×/s). */
const MAX_STEP_SECONDS = 2.5;

interface Play {
  trackId: string;
  duration: number;
  heard: number;
  covered: Set<number>;
  startedSent: boolean;
  qualifiedSent: boolean;
  /** Covered seconds already reported. */
  coveredSent: number;
  minutes: Map<number, number>;
  lastAt: number;
}

export class ListeningTally {
  private play: Play | null = null;
  private last: ListeningSample | null = null;
  /** Plays ended since the last batch, still holding something to report. */
  private finished: Play[] = [];

  observe(sample: ListeningSample): void {
    const last = this.last;
    this.last = sample;
    if (!sample.trackId) {
      this.endPlay();
      return;
    }
    if (this.play && this.play.trackId !== sample.trackId) this.endPlay();
    if (!last || last.trackId !== sample.trackId || !last.playing || !sample.playing) return;
    const step = sample.currentTime - last.currentTime;
    const wall = (sample.now - last.now) / 1000;
    // Forward, small, and not faster than the clock allows (with room for timer jitter).
    if (step <= 0 || step > MAX_STEP_SECONDS || step > wall * 1.5 + 0.3) return;
    const play = this.play ?? this.startPlay(sample);
    play.duration = sample.duration || play.duration;
    play.lastAt = sample.now;
    play.heard += step;
    this.credit(play, last.currentTime, sample.currentTime);
  }

  /** The entries heard since the last call (empty: nothing to send), and forgets them. */
  take(now: number): ReportEntry[] {
    const plays = [...this.finished, ...(this.play ? [this.play] : [])];
    this.finished = [];
    const entries: ReportEntry[] = [];
    for (const play of plays) {
      const entry = this.entryOf(play, now);
      if (entry) entries.push(entry);
    }
    return entries;
  }

  private startPlay(sample: ListeningSample): Play {
    this.play = {
      trackId: sample.trackId ?? '',
      duration: sample.duration,
      heard: 0,
      covered: new Set(),
      startedSent: false,
      qualifiedSent: false,
      coveredSent: 0,
      minutes: new Map(),
      lastAt: sample.now,
    };
    return this.play;
  }

  private endPlay() {
    if (this.play) this.finished.push(this.play);
    this.play = null;
  }

  /** Spreads [from, to) over the minute buckets and the covered whole seconds. */
  private credit(play: Play, from: number, to: number) {
    let at = from;
    while (at < to) {
      const minute = Math.floor(at / 60);
      const end = Math.min(to, (minute + 1) * 60);
      play.minutes.set(minute, (play.minutes.get(minute) ?? 0) + (end - at));
      at = end;
    }
    for (let second = Math.floor(from); second < to; second += 1) play.covered.add(second);
  }

  private entryOf(play: Play, now: number): ReportEntry | null {
    const started = !play.startedSent;
    const qualified = !play.qualifiedSent && play.heard >= QUALIFYING_SECONDS;
    const newlyCovered = play.covered.size - play.coveredSent;
    const minutes = [...play.minutes.entries()]
      .filter(([, seconds]) => seconds > 0)
      .map(([minute, seconds]) => ({ minute, seconds: Math.min(60, Math.round(seconds * 10) / 10) }));
    if (!started && !qualified && minutes.length === 0) return null;
    play.startedSent = true;
    if (qualified) play.qualifiedSent = true;
    play.coveredSent = play.covered.size;
    play.minutes = new Map();
    const fraction = play.duration > 0 ? Math.min(1, newlyCovered / play.duration) : 0;
    return {
      trackId: play.trackId,
      at: new Date(Math.min(now, play.lastAt)),
      started,
      qualified,
      fraction,
      minutes,
    };
  }
}
