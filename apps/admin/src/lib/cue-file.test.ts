import { describe, expect, it } from 'vitest';
import { decodeCueBytes } from './cue-file';

describe('decodeCueBytes', () => {
  it('reads UTF-8 with or without a byte order mark, else Windows-1252', () => {
    const utf8 = new TextEncoder().encode('TITLE "Café"');
    expect(decodeCueBytes(utf8)).toBe('TITLE "Café"');
    expect(decodeCueBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]))).toBe('TITLE "Café"');
    expect(decodeCueBytes(new Uint8Array([0x43, 0x61, 0x66, 0xe9]))).toBe('Café');
  });
});
