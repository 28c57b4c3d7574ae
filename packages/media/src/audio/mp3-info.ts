import type { ReadAt } from './pcm-header';

/**
 * The first MPEG audio frame of an MP3 and the Xing/Info + LAME tag it may carry. The LAME tag
 * holds the encoder delay and padding, so the playable length is exact ("gapless"), where a
 * frame count alone overstates it by up to ~50 ms.
 */
export interface Mp3Info {
  /** `Info` is written for constant bitrate, `Xing` and `VBRI` for variable bitrate. */
  tag: 'Info' | 'Xing' | 'VBRI' | null;
  /** Bitrate of the first audio frame, in kbit/s. */
  bitrateKbps: number;
  sampleRate: number;
  samplesPerFrame: number;
  /** Audio frames after the tag frame, when the tag says. */
  frames: number | null;
  encoderDelay: number;
  padding: number;
  /** Playable duration from the tag, or null without a frame count. */
  durationSeconds: number | null;
}

const BITRATES_V1_L3 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const BITRATES_V2_L3 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
const SAMPLE_RATES_V1 = [44100, 48000, 32000];

/** Layer III frame header fields, or null when `bytes` at `offset` is not one. */
export function parseMp3FrameHeader(
  bytes: Uint8Array,
  offset: number,
): { version: 1 | 2 | 2.5; bitrateKbps: number; sampleRate: number; mono: boolean; length: number } | null {
  const b1 = bytes[offset + 1] ?? 0;
  const b2 = bytes[offset + 2] ?? 0;
  const b3 = bytes[offset + 3] ?? 0;
  if (bytes[offset] !== 0xff || (b1 & 0xe0) !== 0xe0) return null;
  const versionBits = (b1 >> 3) & 3;
  const layerBits = (b1 >> 1) & 3;
  if (versionBits === 1 || layerBits !== 1) return null;
  const version = versionBits === 3 ? 1 : versionBits === 2 ? 2 : 2.5;
  const bitrateIndex = b2 >> 4;
  const rateIndex = (b2 >> 2) & 3;
  if (bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) return null;
  const bitrateKbps = (version === 1 ? BITRATES_V1_L3 : BITRATES_V2_L3)[bitrateIndex] ?? 0;
  const sampleRate = (SAMPLE_RATES_V1[rateIndex] ?? 0) / (version === 1 ? 1 : version === 2 ? 2 : 4);
  const padding = (b2 >> 1) & 1;
  const samplesPerFrame = version === 1 ? 1152 : 576;
  const length = Math.floor((samplesPerFrame / 8) * ((bitrateKbps * 1000) / sampleRate)) + padding;
  return { version, bitrateKbps, sampleRate, mono: b3 >> 6 === 3, length };
}

/** Size of a leading ID3v2 tag, footer included; 0 without one. */
export function id3v2Size(bytes: Uint8Array): number {
  if (bytes[0] !== 0x49 || bytes[1] !== 0x44 || bytes[2] !== 0x33) return 0;
  const size =
    (((bytes[6] ?? 0) & 0x7f) << 21) |
    (((bytes[7] ?? 0) & 0x7f) << 14) |
    (((bytes[8] ?? 0) & 0x7f) << 7) |
    ((bytes[9] ?? 0) & 0x7f);
  const footer = ((bytes[5] ?? 0) & 0x10) !== 0 ? 10 : 0;
  return 10 + size + footer;
}

function u32(bytes: Uint8Array, offset: number): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(offset, false);
}

/** Reads the first frame of an MP3 file and its Xing/Info/VBRI and LAME tags. */
export async function readMp3Info(read: ReadAt): Promise<Mp3Info | null> {
  const start = id3v2Size(await read(0, 10));
  const bytes = await read(start, 4096);
  let offset = 0;
  while (offset + 4 < bytes.length && !parseMp3FrameHeader(bytes, offset)) offset++;
  const frame = parseMp3FrameHeader(bytes, offset);
  if (!frame) return null;

  const samplesPerFrame = frame.version === 1 ? 1152 : 576;
  const sideInfo = frame.version === 1 ? (frame.mono ? 17 : 32) : frame.mono ? 9 : 17;
  const base: Mp3Info = {
    tag: null,
    bitrateKbps: frame.bitrateKbps,
    sampleRate: frame.sampleRate,
    samplesPerFrame,
    frames: null,
    encoderDelay: 0,
    padding: 0,
    durationSeconds: null,
  };

  const xing = offset + 4 + sideInfo;
  const xingId = String.fromCharCode(...bytes.subarray(xing, xing + 4));
  if (xingId === 'Xing' || xingId === 'Info') {
    const flags = u32(bytes, xing + 4);
    let cursor = xing + 8;
    let frames: number | null = null;
    if (flags & 1) {
      frames = u32(bytes, cursor);
      cursor += 4;
    }
    if (flags & 2) cursor += 4;
    if (flags & 4) cursor += 100;
    if (flags & 8) cursor += 4;
    // LAME tag: a 9-byte encoder string ("LAME3.100", "Lavc59.37"), then delay and padding as
    // two 12-bit values at +21. Without the string, the bytes are not a LAME tag.
    let encoderDelay = 0;
    let padding = 0;
    const delayAt = cursor + 21;
    const encoder = bytes.subarray(cursor, cursor + 4);
    const hasLameTag = encoder.length === 4 && encoder.every((byte) => byte >= 0x20 && byte < 0x7f);
    if (hasLameTag && delayAt + 3 <= bytes.length) {
      const d0 = bytes[delayAt] ?? 0;
      const d1 = bytes[delayAt + 1] ?? 0;
      const d2 = bytes[delayAt + 2] ?? 0;
      encoderDelay = (d0 << 4) | (d1 >> 4);
      padding = ((d1 & 0x0f) << 8) | d2;
    }
    const durationSeconds =
      frames === null ? null : (frames * samplesPerFrame - encoderDelay - padding) / frame.sampleRate;
    return { ...base, tag: xingId, frames, encoderDelay, padding, durationSeconds };
  }

  const vbri = offset + 4 + 32;
  if (String.fromCharCode(...bytes.subarray(vbri, vbri + 4)) === 'VBRI') {
    const frames = u32(bytes, vbri + 14);
    return { ...base, tag: 'VBRI', frames, durationSeconds: (frames * samplesPerFrame) / frame.sampleRate };
  }
  return base;
}
