import { describe, expect, it } from 'vitest';
import {
  imageVariantKey,
  newOriginalKey,
  originalKeyFromUrlId,
  setCoverKey,
  trackPeaksKey,
  trackRenditionKey,
  urlIdFromOriginalKey,
} from './keys';

const ID = '0b7e0c7e-8f3a-4f57-9d3e-2b9c6f1d2a10';

describe('object keys', () => {
  it('lays out originals and derivatives by id', () => {
    expect(newOriginalKey()).toMatch(/^originals\/[0-9a-f-]{36}$/);
    expect(imageVariantKey(ID, 'thumb', 'webp')).toBe(`derived/images/${ID}/thumb.webp`);
    expect(trackRenditionKey(ID, 'medium', 'mp3')).toBe(`derived/tracks/${ID}/medium.mp3`);
    expect(trackPeaksKey(ID)).toBe(`derived/tracks/${ID}/peaks.json`);
    expect(setCoverKey(ID, 'jpg')).toBe(`derived/sets/${ID}/cover.jpg`);
  });

  it('gives every uploaded cover a key of its own', () => {
    const upload = '5f0c2a1e-3b4d-4c5e-8f60-718293a4b5c6';
    expect(setCoverKey(ID, 'webp', upload)).toBe(`derived/sets/${ID}/cover-${upload}.webp`);
    expect(setCoverKey(ID, 'webp', upload)).not.toBe(setCoverKey(ID, 'webp'));
    expect(() => setCoverKey(ID, 'webp', '../x')).toThrow();
    expect(() => setCoverKey(ID, 'webp', 'originals/x')).toThrow();
  });

  it('maps tus URL ids to original keys and back, refusing anything that is not a uuid', () => {
    const key = originalKeyFromUrlId(ID);
    expect(key).toBe(`originals/${ID}`);
    expect(urlIdFromOriginalKey(key ?? '')).toBe(ID);
    for (const hostile of ['../etc/passwd', `${ID}/../x`, '', 'originals', `${ID}%2f..`]) {
      expect(originalKeyFromUrlId(hostile)).toBeUndefined();
    }
  });

  it('refuses path parts that could escape the layout', () => {
    expect(() => imageVariantKey('../x', 'thumb', 'webp')).toThrow();
    expect(() => imageVariantKey(ID, '../thumb', 'webp')).toThrow();
    expect(() => trackRenditionKey(ID, 'high', 'mp3/../../x')).toThrow();
    expect(() => setCoverKey('../x', 'webp')).toThrow();
  });
});
