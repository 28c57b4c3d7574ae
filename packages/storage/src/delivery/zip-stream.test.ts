import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dosDateTime, type ZipEntry, ZipSizeMismatchError, zipLength, zipStream } from './zip-stream';

const run = promisify(execFile);
const hasUnzip = existsSync('/usr/bin/unzip');

function entry(name: string, data: Buffer, chunk = 1000): ZipEntry {
  return {
    name,
    size: data.length,
    modifiedAt: new Date('2026-07-14T21:30:10Z'),
    open: async () => {
      const parts: Buffer[] = [];
      for (let i = 0; i < data.length; i += chunk) parts.push(data.subarray(i, i + chunk));
      return Readable.from(parts);
    },
  };
}

const bytes = (n: number, seed: number) =>
  Buffer.from(Array.from({ length: n }, (_, i) => (i * seed + 7) % 251));

describe('zipStream', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'zip-stream-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  const files = [
    { name: 'a.jpg', data: bytes(10_000, 3) },
    { name: 'Grüße Ümlaut.jpg', data: bytes(1, 5) },
    { name: 'empty.webp', data: Buffer.alloc(0) },
  ];

  it('is exactly zipLength bytes long', async () => {
    const entries = files.map((f) => entry(f.name, f.data));
    const zip = await buffer(zipStream(entries));
    expect(zip.length).toBe(zipLength(entries));
  });

  it.skipIf(!hasUnzip)(
    'passes unzip -t and unzips to the same bytes (skipped when /usr/bin/unzip is missing)',
    async () => {
      const file = path.join(dir, 'a.zip');
      await writeFile(file, await buffer(zipStream(files.map((f) => entry(f.name, f.data)))));
      const tested = await run('unzip', ['-t', file]);
      expect(tested.stdout).toContain('No errors detected');
      const out = path.join(dir, 'out');
      await run('unzip', ['-q', file, '-d', out]);
      for (const f of files) expect((await readFile(path.join(out, f.name))).equals(f.data)).toBe(true);
    },
  );

  it.skipIf(!hasUnzip)(
    'writes ZIP64 end records past 65,535 entries, which unzip reads (skipped when /usr/bin/unzip is missing)',
    async () => {
      const many = Array.from({ length: 65_540 }, (_, i) => entry(`${i}.txt`, Buffer.from(String(i))));
      const file = path.join(dir, 'many.zip');
      const zip = await buffer(zipStream(many));
      expect(zip.length).toBe(zipLength(many));
      expect(zip.includes(Buffer.from([0x50, 0x4b, 0x06, 0x06]))).toBe(true);
      await writeFile(file, zip);
      const listed = await run('unzip', ['-Z1', file], { maxBuffer: 10 * 2 ** 20 });
      expect(listed.stdout.trim().split('\n')).toHaveLength(65_540);
      const one = await run('unzip', ['-p', file, '65539.txt']);
      expect(one.stdout).toBe('65539');
    },
    60_000,
  );

  it('fails (never ends cleanly) when a source yields a different length', async () => {
    const lying = { ...entry('x.jpg', bytes(100, 1)), size: 50 };
    await expect(buffer(zipStream([lying]))).rejects.toBeInstanceOf(ZipSizeMismatchError);
    const short = { ...entry('y.jpg', bytes(100, 1)), size: 150 };
    await expect(buffer(zipStream([short]))).rejects.toBeInstanceOf(ZipSizeMismatchError);
  });

  it('opens each source only when its entry is due', async () => {
    const opened: string[] = [];
    const entries = ['1', '2', '3'].map((n) => {
      const e = entry(`${n}.bin`, bytes(5000, 2));
      return {
        ...e,
        open: () => {
          opened.push(n);
          return e.open();
        },
      };
    });
    const stream = zipStream(entries);
    await new Promise<void>((resolve) => stream.once('readable', () => resolve()));
    stream.read(10);
    expect(opened.length).toBeLessThanOrEqual(1);
    stream.destroy();
  });

  it('writes DOS times in UTC and clamps dates before 1980', () => {
    expect(dosDateTime(new Date('2026-07-14T21:30:10Z'))).toEqual({
      time: (21 << 11) | (30 << 5) | 5,
      date: (46 << 9) | (7 << 5) | 14,
    });
    expect(dosDateTime(new Date('1970-01-01T00:00:00Z'))).toEqual({ time: 0, date: (1 << 5) | 1 });
  });
});
