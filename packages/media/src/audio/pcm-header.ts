/**
 * Reads the headers of uncompressed WAV (RIFF, RF64) and AIFF/AIFC files: the sample format and how
 * many bytes of audio the header declares against how many the file really holds. music-metadata
 * sizes a truncated WAV by what is there, so a cut-off upload would otherwise look like a shorter,
 * healthy file; it also reports 24-bit WAVE_FORMAT_EXTENSIBLE files as "non-PCM".
 */

/** Reads `length` bytes at `offset`; fewer at the end of the file. */
export type ReadAt = (offset: number, length: number) => Promise<Uint8Array>;

export interface PcmHeader {
  container: 'WAVE' | 'AIFF';
  /** `int` PCM, IEEE `float`, or some compressed codec in a WAV/AIFC wrapper (`other`). */
  sampleFormat: 'int' | 'float' | 'other';
  bitsPerSample: number;
  channels: number;
  sampleRate: number;
  /** Audio bytes the header promises; null when it does not say (streamed WAV with a 0 or -1 size). */
  declaredBytes: number | null;
  /** Audio bytes actually present after the header. */
  availableBytes: number;
  /** Bytes per sample frame (all channels). */
  blockAlign: number;
}

const MAX_CHUNKS = 64;
const UNKNOWN_SIZE_32 = 0xffffffff;

function ascii(bytes: Uint8Array, offset: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(offset, offset + length));
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Format code 1 = integer PCM, 3 = IEEE float; 0xFFFE defers to the first two bytes of the sub-format GUID. */
function wavSampleFormat(code: number): PcmHeader['sampleFormat'] {
  if (code === 1) return 'int';
  if (code === 3) return 'float';
  return 'other';
}

async function readWav(read: ReadAt, size: number, head: Uint8Array): Promise<PcmHeader | null> {
  const rf64 = ascii(head, 0, 4) !== 'RIFF';
  let dataSize64: number | null = null;
  let format: Omit<PcmHeader, 'container' | 'declaredBytes' | 'availableBytes'> | null = null;
  let offset = 12;
  for (let i = 0; i < MAX_CHUNKS && offset + 8 <= size; i++) {
    const header = await read(offset, 8);
    if (header.length < 8) return null;
    const id = ascii(header, 0, 4);
    const chunkSize = view(header).getUint32(4, true);
    const body = offset + 8;
    if (id === 'ds64') {
      const ds64 = view(await read(body, 24));
      dataSize64 = Number(ds64.getBigUint64(8, true));
    } else if (id === 'fmt ') {
      const fmt = await read(body, Math.min(chunkSize, 40));
      if (fmt.length < 16) return null;
      const v = view(fmt);
      let code = v.getUint16(0, true);
      if (code === 0xfffe && fmt.length >= 26) code = v.getUint16(24, true);
      format = {
        sampleFormat: wavSampleFormat(code),
        channels: v.getUint16(2, true),
        sampleRate: v.getUint32(4, true),
        blockAlign: v.getUint16(12, true),
        bitsPerSample: v.getUint16(14, true),
      };
    } else if (id === 'data') {
      if (!format) return null;
      let declared: number | null = chunkSize;
      if (rf64 && chunkSize === UNKNOWN_SIZE_32) declared = dataSize64;
      else if (chunkSize === 0 || chunkSize === UNKNOWN_SIZE_32) declared = null;
      return { container: 'WAVE', ...format, declaredBytes: declared, availableBytes: size - body };
    }
    offset = body + chunkSize + (chunkSize % 2);
  }
  return null;
}

/** The 80-bit IEEE 754 extended float AIFF uses for its sample rate. */
function extended80(v: DataView, offset: number): number {
  const exponent = v.getUint16(offset) & 0x7fff;
  const mantissa = v.getUint32(offset + 2) * 2 ** 32 + v.getUint32(offset + 6);
  if (exponent === 0 && mantissa === 0) return 0;
  return mantissa * 2 ** (exponent - 16383 - 63);
}

async function readAiff(read: ReadAt, size: number, head: Uint8Array): Promise<PcmHeader | null> {
  const aifc = ascii(head, 8, 4) === 'AIFC';
  let comm: { channels: number; frames: number; bits: number; rate: number; compression: string } | null =
    null;
  let offset = 12;
  for (let i = 0; i < MAX_CHUNKS && offset + 8 <= size; i++) {
    const header = await read(offset, 8);
    if (header.length < 8) return null;
    const id = ascii(header, 0, 4);
    const chunkSize = view(header).getUint32(4, false);
    const body = offset + 8;
    if (id === 'COMM') {
      const bytes = await read(body, Math.min(chunkSize, 22));
      if (bytes.length < 18) return null;
      const v = view(bytes);
      comm = {
        channels: v.getUint16(0),
        frames: v.getUint32(2),
        bits: v.getUint16(6),
        rate: extended80(v, 8),
        compression: aifc && bytes.length >= 22 ? ascii(bytes, 18, 4) : 'NONE',
      };
    } else if (id === 'SSND') {
      if (!comm) return null;
      const dataOffset = view(await read(body, 4)).getUint32(0, false);
      const blockAlign = comm.channels * Math.ceil(comm.bits / 8);
      const compression = comm.compression.toLowerCase();
      const sampleFormat =
        compression === 'none' || compression === 'sowt'
          ? 'int'
          : compression === 'fl32' || compression === 'fl64'
            ? 'float'
            : 'other';
      return {
        container: 'AIFF',
        sampleFormat,
        bitsPerSample: comm.bits,
        channels: comm.channels,
        sampleRate: comm.rate,
        blockAlign,
        declaredBytes: sampleFormat === 'other' ? null : comm.frames * blockAlign,
        availableBytes: Math.max(0, size - (body + 8 + dataOffset)),
      };
    }
    offset = body + chunkSize + (chunkSize % 2);
  }
  return null;
}

/**
 * Walks the chunks of a WAV or AIFF file up to its audio data.
 * @returns null when the file is neither, or its header is too damaged to read.
 */
export async function readPcmHeader(read: ReadAt, size: number): Promise<PcmHeader | null> {
  const head = await read(0, 12);
  if (head.length < 12) return null;
  const magic = ascii(head, 0, 4);
  const kind = ascii(head, 8, 4);
  if ((magic === 'RIFF' || magic === 'RF64' || magic === 'BW64') && kind === 'WAVE') {
    return readWav(read, size, head);
  }
  if (magic === 'FORM' && (kind === 'AIFF' || kind === 'AIFC')) return readAiff(read, size, head);
  return null;
}
