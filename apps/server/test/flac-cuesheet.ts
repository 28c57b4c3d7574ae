import { readFile, writeFile } from 'node:fs/promises';

/**
 * Puts a FLAC CUESHEET metadata block (type 5, non-CD) into `file`, right after STREAMINFO: one
 * track per start (in samples), each with INDEX 01 at the track's start, and the lead-out track
 * 255 at `totalSamples`. ffmpeg 5.1 cannot write this block and metaflac is not installed, so the
 * tests write the bytes themselves (FLAC format, METADATA_BLOCK_CUESHEET).
 */
export async function addFlacCueSheet(file: string, startsInSamples: number[], totalSamples: number) {
  const bytes = await readFile(file);
  if (bytes.subarray(0, 4).toString('latin1') !== 'fLaC') throw new Error(`${file} is not a FLAC file`);
  const streamInfoEnd = 8 + bytes.readUIntBE(5, 3);
  const track = (offset: number, number: number, indexes: number) => {
    const head = Buffer.alloc(8 + 1 + 12 + 14 + 1);
    head.writeBigUInt64BE(BigInt(offset), 0);
    head[8] = number;
    head[35] = indexes;
    const index = Buffer.alloc(indexes * 12);
    if (indexes > 0) index[8] = 1; // INDEX 01 at offset 0 of the track
    return Buffer.concat([head, index]);
  };
  const header = Buffer.alloc(128 + 8 + 259 + 1);
  const tracks = [...startsInSamples.map((start, i) => track(start, i + 1, 1)), track(totalSamples, 255, 0)];
  header[128 + 8 + 259] = tracks.length;
  const body = Buffer.concat([header, ...tracks]);
  const blockHeader = Buffer.from([
    5,
    (body.length >> 16) & 0xff,
    (body.length >> 8) & 0xff,
    body.length & 0xff,
  ]);
  const wasLast = (bytes[4] ?? 0) & 0x80;
  if (wasLast) blockHeader[0] = 0x80 | 5;
  const streamInfo = Buffer.from(bytes.subarray(0, streamInfoEnd));
  streamInfo[4] = (streamInfo[4] ?? 0) & 0x7f;
  await writeFile(file, Buffer.concat([streamInfo, blockHeader, body, bytes.subarray(streamInfoEnd)]));
}
