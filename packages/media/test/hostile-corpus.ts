import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { crc32 } from 'node:zlib';
import { photoLikePixels, sharp, writeHeic, writePngBomb } from './images/fixtures';

/**
 * Hostile uploads, made at the moment they are needed (never committed as binaries): cut-off and
 * empty files of every accepted type, polyglots, decompression bombs declared by a header alone,
 * audio headers promising absurd lengths, video in an audio name, and hostile file names. Shared by
 * apps/server/test/hostile-inputs.int.test.ts and bench/hostile/hostile-corpus.bench.ts.
 */

export type HostileKind = 'image' | 'audio';

/**
 * `refused`: `/files` answers 4xx with a text/plain sentence. `failed`: the upload is taken and the
 * worker ends its row `failed` with a reason sentence. `ready-with-safe-name`: the file is processed
 * (a good file under a hostile name, or one whose hostile part the pipeline never acts on) and only
 * a sanitised name is stored.
 */
export type HostileExpectation = 'refused' | 'failed' | 'ready-with-safe-name';

export interface HostileCase {
  name: string;
  kind: HostileKind;
  /** As sent in Upload-Metadata. */
  filename: string;
  bytes(): Promise<Buffer>;
  expect: HostileExpectation;
  /** What the reason sentence must say, where one wording is the point of the case. */
  reason?: RegExp;
}

const run = promisify(execFile);

/** Bytes ffmpeg writes for `args` (inputs and options, without the output file) into a `.ext` file. */
export async function ffmpegBytes(args: string[], ext: string): Promise<Buffer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'party-hostile-'));
  try {
    const file = path.join(dir, `out.${ext}`);
    await run('ffmpeg', ['-nostdin', '-v', 'error', '-y', ...args, file]);
    return await readFile(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const tone = (seconds: number) => ['-f', 'lavfi', '-i', `sine=f=330:d=${seconds}:sample_rate=44100`];

/** A small but real recording in each accepted audio format; `seed` changes the tone (and the hash). */
export const AUDIO_FORMATS = {
  flac: (seconds = 2) => ffmpegBytes([...tone(seconds), '-c:a', 'flac'], 'flac'),
  wav: (seconds = 2) => ffmpegBytes([...tone(seconds), '-bitexact', '-c:a', 'pcm_s16le'], 'wav'),
  aiff: (seconds = 2) => ffmpegBytes([...tone(seconds), '-c:a', 'pcm_s16be'], 'aiff'),
  mp3: (seconds = 2) => ffmpegBytes([...tone(seconds), '-c:a', 'libmp3lame', '-b:a', '128k'], 'mp3'),
  m4a: (seconds = 2) => ffmpegBytes([...tone(seconds), '-c:a', 'aac', '-b:a', '96k'], 'm4a'),
  ogg: (seconds = 2) => ffmpegBytes([...tone(seconds), '-c:a', 'libvorbis'], 'ogg'),
  opus: (seconds = 2) => ffmpegBytes([...tone(seconds), '-c:a', 'libopus'], 'opus'),
} as const;

/** A small real photo in each accepted image format (HEIC hand-assembled: sharp cannot write it). */
export const IMAGE_FORMATS = {
  jpeg: async (seed = 1) => (await photoLikePixels(320, 240, seed)).jpeg({ quality: 85 }).toBuffer(),
  png: async (seed = 1) => (await photoLikePixels(320, 240, seed)).png().toBuffer(),
  webp: async (seed = 1) => (await photoLikePixels(320, 240, seed)).webp().toBuffer(),
  avif: async (seed = 1) => (await photoLikePixels(160, 120, seed)).avif({ effort: 0 }).toBuffer(),
  heic: () => throughFile((file) => writeHeic(file)),
  tiff: async (seed = 1) => (await photoLikePixels(320, 240, seed)).tiff().toBuffer(),
  gif: async (seed = 1) => (await photoLikePixels(160, 120, seed)).gif().toBuffer(),
} as const;

async function throughFile(write: (file: string) => Promise<string>): Promise<Buffer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'party-hostile-'));
  try {
    return await readFile(await write(path.join(dir, 'file')));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The first `fraction` of a file: an upload cut off mid-way. */
const cut = (bytes: Buffer, fraction: number) => bytes.subarray(0, Math.floor(bytes.length * fraction));

/** The offset of `marker` in `bytes`, or an error naming what the fixture expected to find. */
function find(bytes: Buffer, marker: Buffer | string, what: string, from = 0): number {
  const at = bytes.indexOf(marker, from);
  if (at < 0) throw new Error(`fixture has no ${what}`);
  return at;
}

/** Every ISO-BMFF `ispe` box (image spatial extents) made to declare `width`×`height`. */
function withSpatialExtents(file: Buffer, width: number, height: number): Buffer {
  const out = Buffer.from(file);
  let at = find(out, 'ispe', 'ispe box');
  while (at >= 0) {
    // type, then version and flags (4 bytes), then u32 width and u32 height.
    out.writeUInt32BE(width, at + 8);
    out.writeUInt32BE(height, at + 12);
    at = out.indexOf('ispe', at + 4);
  }
  return out;
}

/** A JPEG whose frame header (SOF0) declares 65,500×65,500: 4.3 gigapixels in a few kB. */
async function jpegBomb(): Promise<Buffer> {
  const out = Buffer.from(await IMAGE_FORMATS.jpeg());
  const sof = find(out, Buffer.from([0xff, 0xc0]), 'SOF0 marker');
  // FFC0, length (2), precision (1), height (2), width (2).
  out.writeUInt16BE(65_500, sof + 5);
  out.writeUInt16BE(65_500, sof + 7);
  return out;
}

/** A lossy WebP whose VP8 frame declares 16,383×16,383 (the format's largest), 268 megapixels. */
async function webpBomb(): Promise<Buffer> {
  const out = Buffer.from(await IMAGE_FORMATS.webp());
  // VP8 key frame: 3-byte frame tag, start code 9d 01 2a, then 14-bit width and height.
  const start = find(out, Buffer.from([0x9d, 0x01, 0x2a]), 'VP8 start code');
  out.writeUInt16LE(0x3fff, start + 3);
  out.writeUInt16LE(0x3fff, start + 5);
  return out;
}

/** A baseline TIFF declaring 100,000×100,000 grey pixels with one 64-byte strip: 10 gigapixels. */
function tiffBomb(): Buffer {
  const entries: Array<[tag: number, type: number, value: number]> = [
    [256, 4, 100_000], // ImageWidth (LONG)
    [257, 4, 100_000], // ImageLength
    [258, 3, 8], // BitsPerSample
    [259, 3, 1], // Compression: none
    [262, 3, 1], // Photometric: black is zero
    [273, 4, 0], // StripOffsets, patched below
    [277, 3, 1], // SamplesPerPixel
    [278, 4, 100_000], // RowsPerStrip
    [279, 4, 64], // StripByteCounts
  ];
  const ifdSize = 2 + entries.length * 12 + 4;
  const dataOffset = 8 + ifdSize;
  const out = Buffer.alloc(dataOffset + 64, 0x80);
  out.write('II', 0, 'latin1');
  out.writeUInt16LE(42, 2);
  out.writeUInt32LE(8, 4);
  out.writeUInt16LE(entries.length, 8);
  entries.forEach(([tag, type, value], i) => {
    const at = 10 + i * 12;
    out.writeUInt16LE(tag, at);
    out.writeUInt16LE(type, at + 2);
    out.writeUInt32LE(1, at + 4);
    out.writeUInt32LE(0, at + 8);
    if (type === 3) out.writeUInt16LE(value, at + 8);
    else out.writeUInt32LE(tag === 273 ? dataOffset : value, at + 8);
  });
  out.writeUInt32LE(0, 10 + entries.length * 12);
  return out;
}

/**
 * A GIF of `frames` frames on a `width`×`height` screen, each frame declaring the whole screen
 * with a few bytes of LZW data. One frame of 65,535² is a 4.3-gigapixel bomb; 3,000 frames of
 * 2,000² are a 12-gigapixel one for a decoder that loads every page.
 */
function gifBomb(width: number, height: number, frames: number): Buffer {
  const screen = Buffer.alloc(13);
  screen.write('GIF89a', 0, 'latin1');
  screen.writeUInt16LE(width, 6);
  screen.writeUInt16LE(height, 8);
  screen[10] = 0x80; // global colour table of 2 entries
  const palette = Buffer.from([0, 0, 0, 255, 255, 255]);
  const frame = Buffer.alloc(10);
  frame[0] = 0x2c;
  frame.writeUInt16LE(width, 5);
  frame.writeUInt16LE(height, 7);
  // LZW minimum code size 2, one 3-byte sub-block (clear, a pixel, end), block terminator.
  const data = Buffer.from([0x02, 0x03, 0x44, 0x01, 0x05, 0x00]);
  const control = Buffer.from([0x21, 0xf9, 0x04, 0x00, 0x0a, 0x00, 0x00, 0x00]);
  const parts = [screen, palette];
  for (let i = 0; i < frames; i++) parts.push(control, frame, data);
  parts.push(Buffer.from([0x3b]));
  return Buffer.concat(parts);
}

/** A PNG chunk with its CRC. */
function pngChunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body) >>> 0, 8 + data.length);
  return out;
}

/** An APNG declaring 100,000 frames of 8,000×8,000 (acTL), with the bytes of one tiny frame. */
async function apngFrameBomb(): Promise<Buffer> {
  const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#f00' } })
    .png()
    .toBuffer();
  const ihdrEnd = 8 + 12 + 13;
  const ihdr = Buffer.from(png.subarray(8, ihdrEnd));
  ihdr.writeUInt32BE(8000, 8);
  ihdr.writeUInt32BE(8000, 12);
  ihdr.writeUInt32BE(crc32(ihdr.subarray(4, 21)) >>> 0, 21);
  const actl = Buffer.alloc(8);
  actl.writeUInt32BE(100_000, 0);
  return Buffer.concat([png.subarray(0, 8), ihdr, pngChunk('acTL', actl), png.subarray(ihdrEnd)]);
}

/** STREAMINFO of a FLAC (the first metadata block, right after `fLaC` and its block header). */
const STREAMINFO = 8;

/** A FLAC whose STREAMINFO claims 2^36−1 samples (18 days at 44.1 kHz) for 2 s of frames. */
async function flacEndlessSamples(): Promise<Buffer> {
  const out = Buffer.from(await AUDIO_FORMATS.flac());
  // Bytes 13–17 of STREAMINFO: low 4 bits of byte 13 and bytes 14–17 are the 36-bit sample count.
  const at = STREAMINFO + 13;
  out[at] = (out[at] ?? 0) | 0x0f;
  out.writeUInt32BE(0xffffffff, at + 1);
  return out;
}

/**
 * A FLAC whose STREAMINFO declares blocks of 1 sample (the format's minimum is 16; its frames hold
 * 4,608) and frames of up to 16 MB.
 */
async function flacAbsurdBlocks(): Promise<Buffer> {
  const out = Buffer.from(await AUDIO_FORMATS.flac());
  out.writeUInt16BE(1, STREAMINFO);
  out.writeUInt16BE(1, STREAMINFO + 2);
  out.writeUIntBE(0xffffff, STREAMINFO + 4, 3);
  out.writeUIntBE(0xffffff, STREAMINFO + 7, 3);
  return out;
}

/** A FLAC whose STREAMINFO says 0 Hz: no length can be computed from it. */
async function flacZeroRate(): Promise<Buffer> {
  const out = Buffer.from(await AUDIO_FORMATS.flac());
  // Sample rate: the top 20 bits of bytes 10–12.5.
  out[STREAMINFO + 10] = 0;
  out[STREAMINFO + 11] = 0;
  out[STREAMINFO + 12] = (out[STREAMINFO + 12] ?? 0) & 0x0f;
  return out;
}

/** A 1 s WAV whose RIFF and data chunk sizes claim 4 GB. */
async function wavFourGigabytes(): Promise<Buffer> {
  const out = Buffer.from(await AUDIO_FORMATS.wav(1));
  out.writeUInt32LE(0xffffffff, 4);
  out.writeUInt32LE(0xffffffff - 36, find(out, 'data', 'data chunk') + 4);
  return out;
}

/** ID3v2's size encoding: 7 bits per byte. */
function synchsafe(value: number): Buffer {
  return Buffer.from([(value >> 21) & 0x7f, (value >> 14) & 0x7f, (value >> 7) & 0x7f, value & 0x7f]);
}

const HUNDRED_MB = 100 * 1024 * 1024;

/** An MP3 whose ID3v2.3 tag holds a TXXX frame declaring 100 MB in a tag of a few bytes. */
async function mp3HugeId3Frame(): Promise<Buffer> {
  const audio = await AUDIO_FORMATS.mp3();
  const body = Buffer.alloc(30);
  body.write('TXXX', 0, 'latin1');
  body.writeUInt32BE(HUNDRED_MB, 4);
  const header = Buffer.concat([Buffer.from('ID3\x03\x00\x00', 'latin1'), synchsafe(body.length)]);
  return Buffer.concat([header, body, withoutId3(audio)]);
}

/** An MP3 whose ID3v2.4 tag header declares 100 MB (the audio follows 30 bytes later). */
async function mp3HugeId3Tag(): Promise<Buffer> {
  const audio = await AUDIO_FORMATS.mp3();
  const body = Buffer.alloc(30);
  body.write('APIC', 0, 'latin1');
  body.set(synchsafe(HUNDRED_MB), 4);
  const header = Buffer.concat([Buffer.from('ID3\x04\x00\x00', 'latin1'), synchsafe(HUNDRED_MB)]);
  return Buffer.concat([header, body, withoutId3(audio)]);
}

/** The audio of an MP3 without ffmpeg's own ID3v2 tag. */
function withoutId3(mp3: Buffer): Buffer {
  if (mp3.subarray(0, 3).toString('latin1') !== 'ID3') return mp3;
  const size = ((mp3[6] ?? 0) << 21) | ((mp3[7] ?? 0) << 14) | ((mp3[8] ?? 0) << 7) | (mp3[9] ?? 0);
  return mp3.subarray(10 + size);
}

/** A short clip with a moving test picture and a tone: video, whatever the name says. */
const videoClip = (container: 'mp4' | 'webm') =>
  ffmpegBytes(
    [
      '-f',
      'lavfi',
      '-i',
      'testsrc=size=64x48:rate=10:duration=1',
      ...tone(1),
      ...(container === 'mp4'
        ? ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac']
        : ['-c:v', 'libvpx', '-deadline', 'realtime', '-c:a', 'libopus']),
      '-shortest',
    ],
    container,
  );

/** The start of a real JPEG (its headers and the first scan bytes) followed by another format. */
async function jpegStartThen(tail: string | Buffer): Promise<Buffer> {
  const jpeg = await IMAGE_FORMATS.jpeg(5);
  return Buffer.concat([cut(jpeg, 0.3), Buffer.isBuffer(tail) ? tail : Buffer.from(tail, 'latin1')]);
}

/** A stored-only ZIP holding one file `name` with `content` (local header, directory, end). */
function zipOf(name: string, content: string): Buffer {
  const data = Buffer.from(content);
  const fileName = Buffer.from(name);
  const crc = crc32(data) >>> 0;
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(fileName.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(fileName.length, 28);
  const directoryOffset = local.length + fileName.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + fileName.length, 12);
  end.writeUInt32LE(directoryOffset, 16);
  return Buffer.concat([local, fileName, data, central, fileName, end]);
}

const HTML = '<!doctype html><html><body><script>fetch("/api/trpc/admin.users.list")</script></body></html>';
const PDF =
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n';

const IMAGE_EXT = {
  jpeg: 'jpg',
  png: 'png',
  webp: 'webp',
  avif: 'avif',
  heic: 'heic',
  tiff: 'tiff',
  gif: 'gif',
};
const AUDIO_EXT = {
  flac: 'flac',
  wav: 'wav',
  aiff: 'aiff',
  mp3: 'mp3',
  m4a: 'm4a',
  ogg: 'ogg',
  opus: 'opus',
};

/**
 * How much of each format to keep so that the cut is unmistakable: an Ogg or MP3 cut anywhere in
 * its audio is just a shorter recording (neither declares a length), so those are cut inside
 * their first pages or frames.
 */
const AUDIO_CUT: Record<keyof typeof AUDIO_EXT, (bytes: Buffer) => Buffer> = {
  flac: (bytes) => cut(bytes, 0.5),
  wav: (bytes) => cut(bytes, 0.5),
  aiff: (bytes) => cut(bytes, 0.5),
  mp3: (bytes) => withoutId3(bytes).subarray(0, 200),
  m4a: (bytes) => cut(bytes, 0.5),
  ogg: (bytes) => bytes.subarray(0, 100),
  opus: (bytes) => bytes.subarray(0, 100),
};

/** A hostile name for a good photo; `seed` keeps each photo distinct (a repeat would be a duplicate). */
function namedPhoto(name: string, filename: string, seed: number): HostileCase {
  return {
    name,
    kind: 'image',
    filename,
    bytes: async () => (await photoLikePixels(96, 64, seed)).jpeg({ quality: 80 }).toBuffer(),
    expect: 'ready-with-safe-name',
  };
}

const TOO_LARGE = /too large|pixels|megapixel/i;

export function hostileCorpus(): HostileCase[] {
  const cases: HostileCase[] = [];
  for (const [format, ext] of Object.entries(IMAGE_EXT) as Array<[keyof typeof IMAGE_EXT, string]>) {
    cases.push({
      name: `zero-byte ${format}`,
      kind: 'image',
      filename: `empty.${ext}`,
      bytes: async () => Buffer.alloc(0),
      expect: 'refused',
      reason: /empty/i,
    });
    cases.push({
      name: `truncated ${format}`,
      kind: 'image',
      filename: `cut-off.${ext}`,
      bytes: async () => cut(await IMAGE_FORMATS[format](11), format === 'heic' ? 0.7 : 0.45),
      expect: 'failed',
    });
  }
  for (const [format, ext] of Object.entries(AUDIO_EXT) as Array<[keyof typeof AUDIO_EXT, string]>) {
    cases.push({
      name: `zero-byte ${format}`,
      kind: 'audio',
      filename: `empty.${ext}`,
      bytes: async () => Buffer.alloc(0),
      expect: 'refused',
      reason: /empty/i,
    });
    cases.push({
      name: `truncated ${format}`,
      kind: 'audio',
      filename: `cut-off.${ext}`,
      bytes: async () => AUDIO_CUT[format](await AUDIO_FORMATS[format]()),
      expect: 'failed',
    });
  }

  cases.push(
    {
      name: 'polyglot: JPEG start, then a ZIP',
      kind: 'image',
      filename: 'polyglot-zip.jpg',
      bytes: () => jpegStartThen(zipOf('payload.html', HTML)),
      expect: 'failed',
    },
    {
      name: 'polyglot: JPEG start, then HTML with a script',
      kind: 'image',
      filename: 'polyglot-html.jpg',
      bytes: () => jpegStartThen(HTML),
      expect: 'failed',
    },
    {
      name: 'polyglot: JPEG start, then a PDF',
      kind: 'image',
      filename: 'polyglot-pdf.jpg',
      bytes: () => jpegStartThen(PDF),
      expect: 'failed',
    },
    {
      name: 'a PDF named .png',
      kind: 'image',
      filename: 'scan.png',
      bytes: async () => Buffer.from(PDF),
      expect: 'failed',
      reason: /PDF/,
    },
    {
      name: 'an HTML page named .gif',
      kind: 'image',
      filename: 'page.gif',
      bytes: async () => Buffer.from(HTML),
      expect: 'failed',
    },
    {
      name: 'a ZIP named .flac',
      kind: 'audio',
      filename: 'album.flac',
      bytes: async () => zipOf('track.flac', 'not really'),
      expect: 'failed',
      reason: /archive/i,
    },
    {
      name: 'a GIF header, then a ZIP, named .mp3',
      kind: 'audio',
      filename: 'gifar.mp3',
      bytes: async () => Buffer.concat([gifBomb(1, 1, 1), zipOf('a.class', 'cafebabe')]),
      expect: 'failed',
    },
  );

  cases.push(
    {
      name: 'PNG bomb: 50,000² in the header',
      kind: 'image',
      filename: 'bomb.png',
      bytes: () => throughFile((file) => writePngBomb(file)),
      expect: 'failed',
      reason: TOO_LARGE,
    },
    {
      name: 'APNG declaring 100,000 frames of 8,000²',
      kind: 'image',
      filename: 'frames.png',
      bytes: apngFrameBomb,
      expect: 'failed',
    },
    {
      name: 'JPEG bomb: 65,500² in SOF0',
      kind: 'image',
      filename: 'bomb.jpg',
      bytes: jpegBomb,
      expect: 'failed',
      reason: TOO_LARGE,
    },
    {
      name: 'WebP bomb: 16,383² in the VP8 frame',
      kind: 'image',
      filename: 'bomb.webp',
      bytes: webpBomb,
      expect: 'failed',
      reason: TOO_LARGE,
    },
    {
      name: 'TIFF bomb: 100,000² in the IFD',
      kind: 'image',
      filename: 'bomb.tiff',
      bytes: async () => tiffBomb(),
      expect: 'failed',
      reason: TOO_LARGE,
    },
    {
      name: 'GIF bomb: 65,535² screen and frame',
      kind: 'image',
      filename: 'bomb.gif',
      bytes: async () => gifBomb(65_535, 65_535, 1),
      expect: 'failed',
      reason: TOO_LARGE,
    },
    {
      // Harmless by design: only the first frame of a GIF is decoded (4 megapixels here), so the
      // photo is processed; the benchmark shows the frame count costs the worker no memory.
      name: 'GIF frame-count bomb: 3,000 frames of 2,000²',
      kind: 'image',
      filename: 'frames.gif',
      bytes: async () => gifBomb(2_000, 2_000, 3_000),
      expect: 'ready-with-safe-name',
    },
    {
      name: 'AVIF bomb: 65,535² in ispe',
      kind: 'image',
      filename: 'bomb.avif',
      bytes: async () => withSpatialExtents(await IMAGE_FORMATS.avif(), 65_535, 65_535),
      expect: 'failed',
    },
    {
      name: 'HEIC bomb: 65,535² in ispe',
      kind: 'image',
      filename: 'bomb.heic',
      bytes: async () => withSpatialExtents(await IMAGE_FORMATS.heic(), 65_535, 65_535),
      expect: 'failed',
    },
  );

  cases.push(
    {
      name: 'FLAC whose STREAMINFO claims 2^36 samples',
      kind: 'audio',
      filename: 'endless.flac',
      bytes: flacEndlessSamples,
      expect: 'failed',
    },
    {
      name: 'FLAC whose STREAMINFO declares 1-sample blocks and 16 MB frames',
      kind: 'audio',
      filename: 'blocks.flac',
      bytes: flacAbsurdBlocks,
      expect: 'failed',
    },
    {
      name: 'FLAC whose STREAMINFO says 0 Hz',
      kind: 'audio',
      filename: 'zero-rate.flac',
      bytes: flacZeroRate,
      expect: 'failed',
    },
    {
      name: 'WAV whose data chunk claims 4 GB',
      kind: 'audio',
      filename: 'huge.wav',
      bytes: wavFourGigabytes,
      expect: 'failed',
      reason: /incomplete|cut off/i,
    },
    {
      // The tag reader stops at the frame that overruns its tag (nothing of 100 MB is allocated)
      // and the audio after the tag is intact: a broken tag must not cost a playable recording.
      name: 'MP3 with a 100 MB ID3 frame declared',
      kind: 'audio',
      filename: 'tagged.mp3',
      bytes: mp3HugeId3Frame,
      expect: 'ready-with-safe-name',
    },
    {
      name: 'MP3 whose ID3 tag declares 100 MB',
      kind: 'audio',
      filename: 'tag-size.mp3',
      bytes: mp3HugeId3Tag,
      expect: 'failed',
    },
    {
      name: 'MP4 video named .m4a',
      kind: 'audio',
      filename: 'clip.m4a',
      bytes: () => videoClip('mp4'),
      expect: 'failed',
      reason: /video/i,
    },
    {
      name: 'MP4 video named .mp3',
      kind: 'audio',
      filename: 'clip.mp3',
      bytes: () => videoClip('mp4'),
      expect: 'failed',
      reason: /video/i,
    },
    {
      name: 'WebM video named .opus',
      kind: 'audio',
      filename: 'clip.opus',
      bytes: () => videoClip('webm'),
      expect: 'failed',
      reason: /video/i,
    },
    {
      name: 'WebM video named .ogg',
      kind: 'audio',
      filename: 'clip.ogg',
      bytes: () => videoClip('webm'),
      expect: 'failed',
      reason: /video/i,
    },
  );

  cases.push(
    namedPhoto('name with ../ path parts', '../../etc/passwd.jpg', 101),
    namedPhoto('name with Windows path parts', '..\\..\\Windows\\System32\\evil.jpg', 102),
    namedPhoto('name with a right-to-left override', 'invoice\u202Egpj.exe.jpg', 103),
    namedPhoto('name with bidi isolates and marks', '\u2067photo\u2069\u200F\u200E\u061C.jpg', 104),
    namedPhoto('name of 400 characters', `${'a'.repeat(396)}.jpg`, 105),
    namedPhoto('name of 200 emoji (cut mid-pair at 200 code units)', `a${'🎉'.repeat(200)}.jpg`, 115),
    namedPhoto('name with quotes and a semicolon', `he said "hi"; it's fine.jpg`, 106),
    namedPhoto('name with emoji', '🎉 party 🪩 night 🌃.jpg', 107),
    namedPhoto('name with NUL bytes', 'photo\u0000.php\u0000.jpg', 108),
    namedPhoto('name with CR LF (header injection)', 'a\r\nSet-Cookie: session=stolen\r\n.jpg', 109),
    namedPhoto('name with line and paragraph separators', 'one\u2028two\u2029three.jpg', 110),
    namedPhoto('name of leading dots', '...htaccess.jpg', 111),
    namedPhoto('name with percent escapes and a URL', '%2e%2e%2fhttps:%2f%2fevil.example%2fx.jpg', 112),
    {
      name: 'name whose override hides an .exe',
      kind: 'image',
      filename: 'holiday\u202Egpj.exe',
      bytes: async () => (await photoLikePixels(96, 64, 113)).jpeg().toBuffer(),
      expect: 'refused',
      reason: /not a photo/i,
    },
    {
      name: 'name that is only path parts',
      kind: 'image',
      filename: '../../',
      bytes: async () => (await photoLikePixels(96, 64, 114)).jpeg().toBuffer(),
      expect: 'refused',
    },
    {
      name: 'name with ../ path parts on audio',
      kind: 'audio',
      filename: '../../../var/lib/postgres/set.flac',
      bytes: () => AUDIO_FORMATS.flac(1),
      expect: 'ready-with-safe-name',
    },
  );
  return cases;
}

/**
 * Whether a stored file name is safe to put in a key, a header or a page: one path segment, no
 * control, bidi-formatting or line-separating characters, no broken characters (a lone surrogate,
 * or the U+FFFD one becomes in storage), no leading dot, at most 200 characters.
 */
export function isSafeFileName(name: string): boolean {
  return (
    name.length > 0 &&
    name.length <= 200 &&
    !/[/\\]/.test(name) &&
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
    !/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffd]/.test(
      name,
    ) &&
    !/\p{Surrogate}/u.test(name) &&
    !name.startsWith('.')
  );
}

/** An ordinary good file of `kind` (distinct for each `seed`), as the baseline the corpus is measured against. */
export async function goodFile(
  kind: HostileKind,
  seed: number,
): Promise<{ filename: string; bytes: Buffer }> {
  if (kind === 'image') {
    const bytes = await (await photoLikePixels(1600, 1200, seed)).jpeg({ quality: 85 }).toBuffer();
    return { filename: `photo-${seed}.jpg`, bytes };
  }
  const bytes = await ffmpegBytes(
    ['-f', 'lavfi', '-i', `sine=f=${200 + seed}:d=20:sample_rate=44100`, '-ac', '2', '-c:a', 'flac'],
    'flac',
  );
  return { filename: `set-${seed}.flac`, bytes };
}
