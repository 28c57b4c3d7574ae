import { describe, expect, it } from 'vitest';
import { inspectHead } from './stream-head';

/** A FLAC header: STREAMINFO declaring `samples`, then blocks of the given sizes (the last flagged). */
function flacHeader(samples: number, extraBlocks: number[] = []): Buffer {
  const info = Buffer.alloc(34);
  info.set([0x0a, 0xc4, 0x42, 0xf0], 10); // 44.1 kHz, stereo, 16 bit
  info[13] = (info[13] ?? 0) | Math.floor(samples / 2 ** 32);
  info.writeUInt32BE(samples % 2 ** 32, 14);
  const blocks = [
    { type: 0, body: info },
    ...extraBlocks.map((size) => ({ type: 4, body: Buffer.alloc(size) })),
  ];
  const parts = [Buffer.from('fLaC')];
  blocks.forEach((block, index) => {
    const header = Buffer.alloc(4);
    header[0] = block.type | (index === blocks.length - 1 ? 0x80 : 0);
    header.writeUIntBE(block.body.length, 1, 3);
    parts.push(header, block.body);
  });
  return Buffer.concat(parts);
}

describe('inspectHead: what may be encoded while it uploads', () => {
  const header = flacHeader(44_100 * 60, [100, 2000]);
  const size = header.length + 1_000_000;

  it.each([
    ['a FLAC with its whole header', header, size, { kind: 'stream', audioOffset: header.length }],
    ['a FLAC whose header has not all arrived', header.subarray(0, 60), size, { kind: 'more' }],
    ['the first bytes only', header.subarray(0, 3), size, { kind: 'more' }],
    ['a FLAC that does not declare its length', flacHeader(0), size, { kind: 'no' }],
    ['a FLAC with nothing after its header', header, header.length, { kind: 'no' }],
    [
      'an M4A',
      Buffer.from('\0\0\0\x20ftypM4A \0\0\0\0'),
      size,
      { kind: 'no', reason: expect.stringMatching(/MP4/) },
    ],
    [
      'a WAV',
      Buffer.from('RIFF\0\0\0\0WAVEfmt '),
      size,
      { kind: 'no', reason: expect.stringMatching(/WAV/) },
    ],
    [
      'an MP3 with an ID3 tag',
      Buffer.from('ID3\x04\0\0\0\0\0\0'),
      size,
      { kind: 'no', reason: expect.stringMatching(/MP3/) },
    ],
    [
      'a FLAC behind an ID3 tag',
      Buffer.concat([Buffer.from('ID3\x04\0\0\0\0\0\0'), header]),
      size,
      { kind: 'no' },
    ],
  ] as const)('%s', (_name, head, total, verdict) => {
    expect(inspectHead(head, total)).toMatchObject(verdict);
  });

  it('decides as the header arrives byte by byte', () => {
    const verdicts = Array.from(
      { length: header.length + 1 },
      (_, n) => inspectHead(header.subarray(0, n), size).kind,
    );
    expect(verdicts.lastIndexOf('more')).toBe(header.length - 1 - 2000);
    expect(verdicts.at(-1)).toBe('stream');
  });
});
