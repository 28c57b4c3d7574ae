import { describe, expect, it } from 'vitest';
import { id3v2Size, parseMp3FrameHeader, readMp3Info } from './mp3-info';

/** An MPEG-1 Layer III stereo frame header: 44.1 kHz at `bitrateIndex` (9 = 128, 14 = 320 kbps). */
function frameHeader(bitrateIndex: number, padding = 0): number[] {
  return [0xff, 0xfb, (bitrateIndex << 4) | (padding << 1), 0x00];
}

/** A first frame carrying a Xing/Info tag with a frame count, and optionally a LAME tag. */
function taggedFrame(
  tag: 'Info' | 'Xing',
  frames: number,
  lame?: { delay: number; padding: number },
): Uint8Array {
  const bytes = new Uint8Array(418); // 128 kbps frame at 44.1 kHz
  bytes.set(frameHeader(9), 0);
  const at = 4 + 32;
  bytes.set(new TextEncoder().encode(tag), at);
  new DataView(bytes.buffer).setUint32(at + 4, 1); // flags: frames only
  new DataView(bytes.buffer).setUint32(at + 8, frames);
  if (lame) {
    const cursor = at + 12;
    bytes.set(new TextEncoder().encode('LAME3.100'), cursor);
    bytes[cursor + 21] = lame.delay >> 4;
    bytes[cursor + 22] = ((lame.delay & 0x0f) << 4) | (lame.padding >> 8);
    bytes[cursor + 23] = lame.padding & 0xff;
  }
  return bytes;
}

const reader = (bytes: Uint8Array) => async (offset: number, length: number) =>
  bytes.subarray(offset, offset + length);

describe('parseMp3FrameHeader', () => {
  it('reads bitrate, rate and length of a Layer III header', () => {
    expect(parseMp3FrameHeader(new Uint8Array(frameHeader(14)), 0)).toEqual({
      version: 1,
      bitrateKbps: 320,
      sampleRate: 44_100,
      mono: false,
      length: 1044,
    });
    expect(parseMp3FrameHeader(new Uint8Array(frameHeader(14, 1)), 0)?.length).toBe(1045);
    expect(parseMp3FrameHeader(new TextEncoder().encode('ID3\u0004'), 0)).toBeNull();
  });
});

describe('readMp3Info', () => {
  it('computes the gapless duration from the Info frame count and the LAME delay and padding', async () => {
    const id3 = new Uint8Array([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, 20, ...new Uint8Array(20)]);
    const bytes = new Uint8Array([...id3, ...taggedFrame('Info', 767, { delay: 576, padding: 1008 })]);
    expect(id3v2Size(bytes)).toBe(30);
    expect(await readMp3Info(reader(bytes))).toMatchObject({
      tag: 'Info',
      bitrateKbps: 128,
      frames: 767,
      encoderDelay: 576,
      padding: 1008,
      durationSeconds: 20,
    });
  });

  it('does not read delay and padding without a LAME tag', async () => {
    const info = await readMp3Info(reader(taggedFrame('Xing', 100)));
    expect(info).toMatchObject({ tag: 'Xing', encoderDelay: 0, padding: 0 });
    expect(info?.durationSeconds).toBeCloseTo((100 * 1152) / 44_100);
  });

  it('reports an untagged stream, and null for no MPEG audio at all', async () => {
    const plain = new Uint8Array(418 * 2);
    plain.set(frameHeader(9), 0);
    expect(await readMp3Info(reader(plain))).toMatchObject({
      tag: null,
      bitrateKbps: 128,
      durationSeconds: null,
    });
    expect(await readMp3Info(reader(new TextEncoder().encode('not an mp3 at all')))).toBeNull();
  });
});
