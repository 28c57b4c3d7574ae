import { describe, expect, it } from 'vitest';
import { type ListeningSample, ListeningTally } from './listening-tally';

const TRACK = '00000000-0000-4000-8000-000000000001';
const OTHER = '00000000-0000-4000-8000-000000000002';

/** Plays `seconds` of `trackId` from `from` in quarter-second steps, wall clock in step. */
function playFor(
  tally: ListeningTally,
  clock: { now: number },
  from: number,
  seconds: number,
  trackId = TRACK,
) {
  const sample = (currentTime: number): ListeningSample => ({
    trackId,
    duration: 600,
    currentTime,
    playing: true,
    now: clock.now,
  });
  tally.observe(sample(from));
  for (let t = 0.25; t <= seconds; t += 0.25) {
    clock.now += 250;
    tally.observe(sample(from + t));
  }
}

describe('ListeningTally', () => {
  it('reports a start once, 30 s heard once, minutes heard and the share covered', () => {
    const tally = new ListeningTally();
    const clock = { now: 1_000_000 };
    playFor(tally, clock, 50, 20);
    const [first] = tally.take(clock.now);
    expect(first).toMatchObject({ trackId: TRACK, started: true, qualified: false });
    expect(first?.minutes).toEqual([
      { minute: 0, seconds: 10 },
      { minute: 1, seconds: 10 },
    ]);
    expect(first?.fraction).toBeCloseTo(20 / 600, 3);
    playFor(tally, clock, 70, 15);
    const [second] = tally.take(clock.now);
    expect(second).toMatchObject({ started: false, qualified: true, minutes: [{ minute: 1, seconds: 15 }] });
    expect(tally.take(clock.now)).toEqual([]);
  });

  it('credits nothing for a seek: the skipped minutes stay cold', () => {
    const tally = new ListeningTally();
    const clock = { now: 0 };
    playFor(tally, clock, 0, 5);
    clock.now += 250;
    tally.observe({ trackId: TRACK, duration: 600, currentTime: 400, playing: true, now: clock.now });
    playFor(tally, clock, 400, 5);
    const [entry] = tally.take(clock.now);
    expect(entry?.minutes.map((m) => m.minute)).toEqual([0, 6]);
    expect(entry?.minutes.reduce((sum, m) => sum + m.seconds, 0)).toBeCloseTo(10, 5);
  });

  it('counts nothing while paused, and a new track is a new play', () => {
    const tally = new ListeningTally();
    const clock = { now: 0 };
    tally.observe({ trackId: TRACK, duration: 600, currentTime: 0, playing: false, now: 0 });
    tally.observe({ trackId: TRACK, duration: 600, currentTime: 1, playing: false, now: 250 });
    expect(tally.take(250)).toEqual([]);
    playFor(tally, clock, 0, 3);
    playFor(tally, clock, 0, 3, OTHER);
    const entries = tally.take(clock.now);
    expect(entries.map((e) => [e.trackId, e.started])).toEqual([
      [TRACK, true],
      [OTHER, true],
    ]);
  });
});
