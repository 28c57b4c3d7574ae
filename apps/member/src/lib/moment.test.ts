import { describe, expect, it } from 'vitest';
import { formatMoment, locateMoment, momentLink, momentOf, parseMoment } from './moment';

describe('parseMoment', () => {
  it('reads hours, minutes and seconds in any combination', () => {
    expect(parseMoment('1h02m03s')).toBe(3723);
    expect(parseMoment('1H2M3S')).toBe(3723);
    expect(parseMoment('62m')).toBe(3720);
    expect(parseMoment('45s')).toBe(45);
    expect(parseMoment('2h')).toBe(7200);
    expect(parseMoment('1h30s')).toBe(3630);
  });

  it('reads plain seconds and a clock', () => {
    expect(parseMoment('3723')).toBe(3723);
    expect(parseMoment('90.5')).toBe(90.5);
    expect(parseMoment('1:02:03')).toBe(3723);
    expect(parseMoment('4:05')).toBe(245);
  });

  it('gives null for what it cannot read', () => {
    for (const bad of [null, undefined, '', ' ', 'abc', '1h2x', 'h', '-5', '1:60', '1:75:00', '12:3']) {
      expect(parseMoment(bad)).toBeNull();
    }
  });
});

describe('formatMoment', () => {
  it('writes what parseMoment reads back', () => {
    expect(formatMoment(3723)).toBe('1h02m03s');
    expect(formatMoment(245.9)).toBe('4m05s');
    expect(formatMoment(7)).toBe('7s');
    for (const seconds of [0, 59, 60, 3599, 3600, 86_399])
      expect(parseMoment(formatMoment(seconds))).toBe(seconds);
  });
});

describe('locateMoment', () => {
  it('finds the part of a multi-part set and the position in it', () => {
    expect(locateMoment([600, 1200], 3723 - 3000)).toEqual({ index: 1, at: 123 });
    expect(locateMoment([600, 1200], 30)).toEqual({ index: 0, at: 30 });
    expect(locateMoment([600, 1200], 5000)).toEqual({ index: 1, at: 1200 });
    expect(momentOf([600, 1200], 1, 123)).toBe(723);
  });
});

describe('momentLink', () => {
  it('sets t and keeps the rest of the address', () => {
    expect(momentLink('http://localhost:3000/music/abc?x=1&t=5#top', 3723)).toBe(
      'http://localhost:3000/music/abc?x=1&t=1h02m03s',
    );
  });
});
