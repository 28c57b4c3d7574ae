import { describe, expect, it } from 'vitest';
import { attachmentDisposition, PRESIGN_TTL_SECONDS, SIGNING_WINDOW_SECONDS, signingWindow } from './presign';

describe('signingWindow', () => {
  it('gives every moment of one window the same signing date', () => {
    const a = signingWindow(new Date('2026-11-26T10:00:01Z'));
    const b = signingWindow(new Date('2026-11-26T10:04:59Z'));
    const c = signingWindow(new Date('2026-11-26T10:05:00Z'));
    expect(a.signingDate.toISOString()).toBe('2026-11-26T10:00:00.000Z');
    expect(b.signingDate).toEqual(a.signingDate);
    expect(c.signingDate.toISOString()).toBe('2026-11-26T10:05:00.000Z');
  });

  it('never lets a cached response outlive its URL', () => {
    const lateInWindow = new Date('2026-11-26T10:04:59Z');
    const { expiresAt, maxAgeSeconds } = signingWindow(lateInWindow);
    expect(lateInWindow.getTime() + maxAgeSeconds * 1000).toBeLessThanOrEqual(expiresAt.getTime());
    expect(maxAgeSeconds).toBe(PRESIGN_TTL_SECONDS - SIGNING_WINDOW_SECONDS);
  });
});

describe('attachmentDisposition', () => {
  it('escapes hostile names and keeps the UTF-8 name', () => {
    const header = attachmentDisposition('../../Nacht "im" Club\r\n.jpg');
    expect(header).not.toMatch(/[\r\n]/);
    expect(header).toContain('filename="');
    expect(header).not.toContain('/');
    expect(attachmentDisposition('Größe.flac')).toContain("filename*=UTF-8''Gr%C3%B6%C3%9Fe.flac");
  });
});
