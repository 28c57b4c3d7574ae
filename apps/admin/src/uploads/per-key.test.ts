import { afterEach, describe, expect, it, vi } from 'vitest';
import { coalesce, perKey } from './per-key';

describe('perKey', () => {
  it('makes one value per key and hands out the same one again', () => {
    const made: string[] = [];
    const uploaderFor = perKey((key) => {
      made.push(key);
      return { key };
    });
    const first = uploaderFor('event-1');
    expect(uploaderFor('event-1')).toBe(first);
    expect(uploaderFor('event-2')).not.toBe(first);
    expect(made).toEqual(['event-1', 'event-2']);
  });
});

describe('coalesce', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs once at the end of a burst, and again for the next burst', () => {
    vi.useFakeTimers();
    const run = vi.fn();
    const refresh = coalesce(run, 1000);
    refresh.trigger();
    refresh.trigger();
    vi.advanceTimersByTime(999);
    refresh.trigger();
    expect(run).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(run).toHaveBeenCalledTimes(1);
    refresh.trigger();
    vi.advanceTimersByTime(1000);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('drops a waiting run when cancelled', () => {
    vi.useFakeTimers();
    const run = vi.fn();
    const refresh = coalesce(run, 1000);
    refresh.trigger();
    refresh.cancel();
    vi.advanceTimersByTime(1000);
    expect(run).not.toHaveBeenCalled();
  });
});
