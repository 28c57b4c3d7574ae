import { openAsBlob } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { fileTypeFromFile } from 'file-type';
import { type IAudioMetadata, type IPicture, parseBlob, selectCover } from 'music-metadata';
import { MediaError } from '../errors';
import { readMp3Info } from './mp3-info';
import { type PcmHeader, type ReadAt, readPcmHeader } from './pcm-header';

/** Tags read from the file, to prefill the track form. Empty tags are null. */
export interface AudioTags {
  title: string | null;
  artist: string | null;
  album: string | null;
  albumArtist: string | null;
  /** As written in the file: a year or an ISO date. */
  date: string | null;
  genre: string | null;
  comment: string | null;
}

export interface CoverArt {
  mime: string;
  data: Buffer;
}

/** What an uploaded audio file is, as stored on the track. */
export interface AudioFacts {
  /** MIME type sniffed from the bytes, never the name: `audio/flac`, `audio/wav`, `audio/mpeg`, ... */
  mime: string;
  /** Container as music-metadata names it: `FLAC`, `WAVE`, `AIFF`, `MPEG`, `Ogg`, `M4A/...`. */
  container: string;
  /** `FLAC`, `PCM`, `PCM float`, `MPEG 1 Layer 3`, `MPEG-4/AAC`, `Opus`, ... */
  codec: string;
  /** Encoding mode of lossy files when the file says (`CBR`, `V2`, ...), else null. */
  codecProfile: string | null;
  lossless: boolean;
  durationSeconds: number;
  /** True when the container declares its exact length in samples (FLAC, WAV, AIFF). */
  exactDuration: boolean;
  sampleRate: number;
  /** Bits per sample of lossless audio; null for lossy codecs, which have none. */
  bitDepth: number | null;
  channels: number;
  /** Average bits per second of the whole file. */
  bitrate: number;
  bytes: number;
  tags: AudioTags;
  /** The front cover, or else the first embedded picture. */
  cover: CoverArt | null;
}

/**
 * Containers that can hold audio: everything file-type calls `audio/*`, plus the video-typed ones
 * audio-only recordings often come in. A video stream inside is refused after parsing.
 */
const AUDIO_CAPABLE_MIMES: ReadonlySet<string> = new Set([
  'video/mp4',
  'video/quicktime',
  'video/webm',
  'video/x-matroska',
  'application/ogg',
]);

const MIDI_MIMES: ReadonlySet<string> = new Set(['audio/midi', 'audio/x-midi']);

function refusal(mime: string, ext: string): string {
  if (MIDI_MIMES.has(mime)) return 'This file is a MIDI score, not a recording; upload the rendered audio.';
  if (mime.startsWith('image/')) return 'This file is an image, not an audio recording.';
  if (mime.startsWith('video/')) return 'This file is a video, not an audio recording.';
  if (mime === 'application/pdf') return 'This file is a PDF document, not an audio recording.';
  if (mime === 'application/zip' || mime.endsWith('compressed') || mime.includes('tar')) {
    return `This file is a ${ext.toUpperCase()} archive; unpack it and upload the audio file itself.`;
  }
  return `This file is a ${ext.toUpperCase()} file (${mime}), not an audio recording.`;
}

function text(value: string | undefined | null): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

function tagsOf(metadata: IAudioMetadata): AudioTags {
  const { common } = metadata;
  return {
    title: text(common.title),
    artist: text(common.artist ?? common.artists?.join(', ')),
    album: text(common.album),
    albumArtist: text(common.albumartist),
    date: text(common.date ?? (common.year ? String(common.year) : undefined)),
    genre: text(common.genre?.join(', ')),
    comment: text(common.comment?.map((comment) => comment.text ?? '').join('\n')),
  };
}

function coverOf(pictures: IPicture[] | undefined): CoverArt | null {
  const picture = selectCover(pictures) ?? pictures?.[0];
  if (!picture || picture.data.length === 0) return null;
  return { mime: picture.format, data: Buffer.from(picture.data) };
}

/** Runs `use` with random access to the file, closing it after. */
async function withReader<T>(path: string, use: (read: ReadAt) => Promise<T>): Promise<T> {
  const handle = await open(path, 'r');
  try {
    return await use(async (offset, length) => {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, offset);
      return buffer.subarray(0, bytesRead);
    });
  } finally {
    await handle.close();
  }
}

function seconds(value: number): string {
  return value >= 60 ? `${Math.floor(value / 60)} min ${Math.round(value % 60)} s` : `${value.toFixed(1)} s`;
}

/** Refuses a WAV/AIFF whose data ends before its header says: an upload cut off mid-way. */
function checkPcmLength(header: PcmHeader, name: string): void {
  if (header.declaredBytes === null || header.availableBytes >= header.declaredBytes) return;
  const bytesPerSecond = header.blockAlign * header.sampleRate;
  const promised = bytesPerSecond > 0 ? seconds(header.declaredBytes / bytesPerSecond) : 'more';
  const present = bytesPerSecond > 0 ? seconds(header.availableBytes / bytesPerSecond) : 'less';
  throw new MediaError(
    'corrupt',
    `This ${name} file is incomplete: its header promises ${promised} of audio but only ${present} are in the file; the upload was probably cut off.`,
  );
}

async function parse(path: string, mime: string, ext: string, duration: boolean): Promise<IAudioMetadata> {
  try {
    return await parseBlob(await openAsBlob(path, { type: mime }), { duration });
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (name === 'CouldNotDetermineFileTypeError' || name === 'UnsupportedFileTypeError') {
      throw new MediaError(
        'unsupported',
        `This ${ext.toUpperCase()} file is not an audio format we can read.`,
        {
          cause: error,
        },
      );
    }
    throw new MediaError(
      'corrupt',
      `This file looks like ${ext.toUpperCase()} audio but its contents cannot be read; it is probably damaged.`,
      { cause: error },
    );
  }
}

/**
 * Reads the facts of an uploaded audio file: format, length, quality, tags and cover art. Files are
 * recognised by their bytes, never their name.
 * @throws MediaError `empty` for a zero-byte file, `unsupported` for anything that is not audio,
 *   `corrupt` for audio that cannot be read or a WAV/AIFF that was cut off. A FLAC cut off at a
 *   frame boundary still declares its full length: {@link processAudio} notices when decoding.
 */
export async function probeAudio(path: string): Promise<AudioFacts> {
  const { size } = await stat(path);
  if (size === 0) throw new MediaError('empty', 'This file is empty (0 bytes); the upload probably failed.');

  const detected = await fileTypeFromFile(path);
  if (!detected) {
    throw new MediaError(
      'unsupported',
      'This file is not an audio recording: its contents match no audio format (is it a text or document file renamed?).',
    );
  }
  const { mime, ext } = detected;
  if (!(mime.startsWith('audio/') || AUDIO_CAPABLE_MIMES.has(mime)) || MIDI_MIMES.has(mime)) {
    throw new MediaError('unsupported', refusal(mime, ext));
  }

  let metadata = await parse(path, mime, ext, false);
  let { format } = metadata;
  if (format.hasVideo) throw new MediaError('unsupported', 'This file is a video, not an audio recording.');
  const { sampleRate, numberOfChannels: channels } = format;
  if (!format.hasAudio || !sampleRate || !channels) {
    throw new MediaError('corrupt', `This ${ext.toUpperCase()} file holds no audio stream we can read.`);
  }
  const declaresDuration = format.duration !== undefined;
  if (!format.duration) {
    // Some containers (Ogg, streamed MP3 without a header) need a full scan to know their length.
    metadata = await parse(path, mime, ext, true);
    format = metadata.format;
  }
  const container = format.container ?? ext.toUpperCase();
  let durationSeconds = format.duration ?? 0;
  if (container === 'MPEG') {
    // music-metadata counts whole frames; the LAME tag also knows the encoder delay and padding.
    const gapless = await withReader(path, readMp3Info);
    if (gapless?.durationSeconds && Math.abs(gapless.durationSeconds - durationSeconds) < 1) {
      durationSeconds = gapless.durationSeconds;
    }
  }
  if (!(durationSeconds > 0) || !Number.isFinite(durationSeconds)) {
    throw new MediaError(
      'corrupt',
      `The length of this ${ext.toUpperCase()} file cannot be read; it is probably damaged.`,
    );
  }

  let codec = format.codec ?? 'unknown';
  let lossless = format.lossless === true;
  let bitsPerSample = format.bitsPerSample ?? null;
  let exactDuration = container === 'FLAC' && declaresDuration;

  if (container === 'WAVE' || container.startsWith('AIFF')) {
    const header = await withReader(path, (read) => readPcmHeader(read, size));
    if (header) {
      checkPcmLength(header, container === 'WAVE' ? 'WAV' : 'AIFF');
      if (header.sampleFormat !== 'other') {
        // music-metadata calls 24-bit WAVE_FORMAT_EXTENSIBLE "non-PCM" and float "lossy".
        codec = header.sampleFormat === 'float' ? 'PCM float' : 'PCM';
        lossless = true;
        bitsPerSample = header.bitsPerSample;
        exactDuration = header.declaredBytes !== null;
      }
    }
  }

  return {
    mime,
    container,
    codec,
    codecProfile: format.codecProfile ?? null,
    lossless,
    durationSeconds,
    exactDuration,
    sampleRate,
    bitDepth: lossless ? bitsPerSample : null,
    channels,
    bitrate: Math.round(format.bitrate ?? (size * 8) / durationSeconds),
    bytes: size,
    tags: tagsOf(metadata),
    cover: coverOf(metadata.common.picture),
  };
}
