import { describe, expect, it } from 'vitest';
import { type ReadAt, readPcmHeader } from './pcm-header';

function reader(bytes: Uint8Array): ReadAt {
  return async (offset, length) => bytes.subarray(offset, offset + length);
}

function chunk(id: string, body: Uint8Array, littleEndian = true): Uint8Array {
  const out = new Uint8Array(8 + body.length + (body.length % 2));
  out.set(new TextEncoder().encode(id), 0);
  new DataView(out.buffer).setUint32(4, body.length, littleEndian);
  out.set(body, 8);
  return out;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function fmt(
  code: number,
  channels: number,
  rate: number,
  bits: number,
  extensibleCode?: number,
): Uint8Array {
  const body = new Uint8Array(extensibleCode === undefined ? 16 : 40);
  const v = new DataView(body.buffer);
  const align = channels * (bits / 8);
  v.setUint16(0, code, true);
  v.setUint16(2, channels, true);
  v.setUint32(4, rate, true);
  v.setUint32(8, rate * align, true);
  v.setUint16(12, align, true);
  v.setUint16(14, bits, true);
  if (extensibleCode !== undefined) {
    v.setUint16(16, 22, true);
    v.setUint16(24, extensibleCode, true);
  }
  return chunk('fmt ', body);
}

/** A WAV whose data chunk declares `declared` bytes, of which `present` are in the file. */
function wav(format: Uint8Array, declared: number, present: number): Uint8Array {
  const data = chunk('data', new Uint8Array(present));
  new DataView(data.buffer).setUint32(4, declared, true);
  const body = concat(new TextEncoder().encode('WAVE'), chunk('LIST', new Uint8Array(5)), format, data);
  return concat(new TextEncoder().encode('RIFF'), new Uint8Array(4), body);
}

describe('readPcmHeader', () => {
  it('reads a 16-bit PCM WAV, skipping chunks before the data', async () => {
    const bytes = wav(fmt(1, 2, 44_100, 16), 4000, 4000);
    expect(await readPcmHeader(reader(bytes), bytes.length)).toEqual({
      container: 'WAVE',
      sampleFormat: 'int',
      bitsPerSample: 16,
      channels: 2,
      sampleRate: 44_100,
      blockAlign: 4,
      declaredBytes: 4000,
      availableBytes: 4000,
    });
  });

  it('sees a truncated data chunk', async () => {
    const bytes = wav(fmt(1, 2, 44_100, 16), 4000, 1000);
    expect(await readPcmHeader(reader(bytes), bytes.length)).toMatchObject({
      declaredBytes: 4000,
      availableBytes: 1000,
    });
  });

  it('reads the sub-format of WAVE_FORMAT_EXTENSIBLE: 24-bit integer and 32-bit float', async () => {
    const int24 = wav(fmt(0xfffe, 2, 96_000, 24, 1), 600, 600);
    expect(await readPcmHeader(reader(int24), int24.length)).toMatchObject({
      sampleFormat: 'int',
      bitsPerSample: 24,
    });
    const float = wav(fmt(0xfffe, 2, 48_000, 32, 3), 800, 800);
    expect(await readPcmHeader(reader(float), float.length)).toMatchObject({ sampleFormat: 'float' });
  });

  it('treats the streaming sizes 0 and 0xFFFFFFFF as unknown', async () => {
    const bytes = wav(fmt(1, 2, 44_100, 16), 0xffffffff, 400);
    expect(await readPcmHeader(reader(bytes), bytes.length)).toMatchObject({ declaredBytes: null });
  });

  it('reads an AIFF: frames from COMM, data from SSND', async () => {
    const comm = new Uint8Array(18);
    const v = new DataView(comm.buffer);
    v.setUint16(0, 2);
    v.setUint32(2, 1000); // frames
    v.setUint16(6, 16);
    // 44100 as an 80-bit extended float
    v.setUint16(8, 0x400e);
    v.setUint32(10, 0xac440000);
    const ssnd = new Uint8Array(8 + 2000); // offset, block size, then half the promised data
    const body = concat(
      new TextEncoder().encode('AIFF'),
      chunk('COMM', comm, false),
      chunk('SSND', ssnd, false),
    );
    const bytes = concat(new TextEncoder().encode('FORM'), new Uint8Array(4), body);
    expect(await readPcmHeader(reader(bytes), bytes.length)).toEqual({
      container: 'AIFF',
      sampleFormat: 'int',
      bitsPerSample: 16,
      channels: 2,
      sampleRate: 44_100,
      blockAlign: 4,
      declaredBytes: 4000,
      availableBytes: 2000,
    });
  });

  it('returns null for anything else', async () => {
    const text = new TextEncoder().encode('hello, this is not a wav file');
    expect(await readPcmHeader(reader(text), text.length)).toBeNull();
  });
});
