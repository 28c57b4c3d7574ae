/**
 * Whether an upload can be encoded while it arrives, decided from its first bytes alone. Only
 * FLAC qualifies: its header (STREAMINFO, tags, pictures) comes first, it declares its exact
 * length in samples, and its frames decode in order from a pipe. Everything else is processed
 * after the upload as before: M4A/MP4 may keep its index (`moov`) at the end, WAV/AIFF, MP3 and
 * Ogg plan their tiers from facts only the whole file gives (tags at the end, lossy bitrate).
 */

export type HeadVerdict =
  /** Not enough bytes yet to decide. */
  | { kind: 'more' }
  /** A streamable FLAC whose metadata ends (and audio frames begin) at `audioOffset`. */
  | { kind: 'stream'; audioOffset: number }
  | { kind: 'no'; reason: string };

/** A FLAC header larger than this (huge embedded art) is not waited for. */
export const MAX_HEADER_BYTES = 16 * 1024 * 1024;

const ascii = (bytes: Uint8Array, offset: number, length: number) =>
  String.fromCharCode(...bytes.subarray(offset, offset + length));

function otherFormat(head: Uint8Array): string {
  if (ascii(head, 4, 4) === 'ftyp') return 'an MP4/M4A file, whose index may sit at its end';
  if (ascii(head, 0, 4) === 'RIFF' || ascii(head, 0, 4) === 'RF64') return 'a WAV file';
  if (ascii(head, 0, 4) === 'FORM') return 'an AIFF file';
  if (ascii(head, 0, 4) === 'OggS') return 'an Ogg file';
  if (ascii(head, 0, 3) === 'ID3' || (head[0] === 0xff && ((head[1] ?? 0) & 0xe0) === 0xe0)) {
    return 'an MP3 file (or a file with an ID3 tag in front)';
  }
  return 'not a FLAC file';
}

/**
 * Reads the FLAC metadata blocks at the start of `head` (the first bytes of the upload).
 * @param size the upload's declared length
 */
export function inspectHead(head: Uint8Array, size: number): HeadVerdict {
  const need = Math.min(size, 8);
  if (head.length < need) return { kind: 'more' };
  if (size < 8 || ascii(head, 0, 4) !== 'fLaC') return { kind: 'no', reason: otherFormat(head) };
  let offset = 4;
  let first = true;
  for (;;) {
    if (offset + 4 > MAX_HEADER_BYTES) return { kind: 'no', reason: 'its FLAC header is too large' };
    if (offset + 4 > size) return { kind: 'no', reason: 'its FLAC header is cut off' };
    if (head.length < offset + 4) return { kind: 'more' };
    const flags = head[offset] ?? 0;
    const length = ((head[offset + 1] ?? 0) << 16) | ((head[offset + 2] ?? 0) << 8) | (head[offset + 3] ?? 0);
    const type = flags & 0x7f;
    const body = offset + 4;
    if (first) {
      if (type !== 0 || length !== 34)
        return { kind: 'no', reason: 'its FLAC header has no STREAMINFO first' };
      if (head.length < body + 34) return { kind: 'more' };
      // STREAMINFO bytes 13..17: the low 4 bits of byte 13 and bytes 14..17 are the total samples.
      const totalSamples =
        ((head[body + 13] ?? 0) & 0x0f) * 2 ** 32 +
        new DataView(head.buffer, head.byteOffset + body + 14, 4).getUint32(0);
      if (totalSamples === 0) return { kind: 'no', reason: 'its FLAC header does not declare its length' };
      first = false;
    }
    offset = body + length;
    if (flags & 0x80) {
      if (offset > MAX_HEADER_BYTES) return { kind: 'no', reason: 'its FLAC header is too large' };
      if (offset >= size) return { kind: 'no', reason: 'it holds no audio after its FLAC header' };
      return { kind: 'stream', audioOffset: offset };
    }
  }
}
