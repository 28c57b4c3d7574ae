import { describe, expect, it } from 'vitest';
import { safeEntryName, safeEntryNames } from './zip-names';

describe('safeEntryName', () => {
  it.each([
    ['IMG_1.jpg', 'IMG_1.jpg'],
    ['../../.bashrc', '_.._.bashrc'],
    ['/etc/passwd.jpg', '_etc_passwd.jpg'],
    ['C:\\Windows\\x.jpg', 'C__Windows_x.jpg'],
    ['..', 'fallback.jpg'],
    ['.hidden.jpg', 'hidden.jpg'],
    ['name. . .', 'name'],
    ['a\u202Egpj.exe', 'agpj.exe'],
    ['line\nbreak\r.jpg', 'linebreak.jpg'],
    ['nul\u0000byte.jpg', 'nulbyte.jpg'],
    ['CON.jpg', '_CON.jpg'],
    ['what?*<>|".jpg', 'what______.jpg'],
    ['', 'fallback.jpg'],
    ['\u200B\u200B', 'fallback.jpg'],
  ])('%j → %j', (raw, safe) => {
    expect(safeEntryName(raw, 'fallback.jpg')).toBe(safe);
  });

  it('cuts long names and keeps the extension', () => {
    const name = safeEntryName(`${'ä'.repeat(400)}.jpg`, 'x');
    expect([...name]).toHaveLength(150);
    expect(name.endsWith('ä.jpg')).toBe(true);
  });
});

describe('safeEntryNames', () => {
  it('numbers names that collide, ignoring case', () => {
    expect(
      safeEntryNames(['a.jpg', 'A.jpg', 'a.jpg', 'b.jpg', 'a (2).jpg'], (i) => `photo-${i}.jpg`),
    ).toEqual(['a.jpg', 'A (2).jpg', 'a (3).jpg', 'b.jpg', 'a (2) (2).jpg']);
  });

  it('names empty ones by the fallback', () => {
    expect(safeEntryNames(['', '/'], (i) => `photo-${i + 1}.jpg`)).toEqual(['photo-1.jpg', 'photo-2.jpg']);
  });
});
