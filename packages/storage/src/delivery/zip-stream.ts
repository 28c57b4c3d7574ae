import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';

/*
 * A streaming ZIP writer for photos: STORE only (JPEG and WebP do not compress further, and
 * stored entries let us know the archive's exact length before the first byte, so the browser's
 * download manager shows real progress), one entry after another, each read from its source only
 * when the previous one is done and only as fast as the client takes it (backpressure). Nothing is
 * buffered beyond one chunk and the central directory (~100 bytes per entry).
 *
 * Format (APPNOTE 6.3.10): every entry has general purpose bit 3 (CRC in a data descriptor after
 * the data, computed while streaming) and bit 11 (UTF-8 names). Sizes are known up front and
 * written in the central directory; ZIP64 records are used exactly where a field would overflow
 * (an entry of 4 GiB or more, an offset past 4 GiB, more than 65,535 entries).
 */

/** One file of the archive. `size` must be the exact byte count `open` will yield. */
export interface ZipEntry {
  /** Already safe and unique (`safeEntryNames`). */
  name: string;
  size: number;
  modifiedAt: Date;
  /** Opens the bytes; called only when the entry is due. */
  open: () => Promise<Readable | AsyncIterable<Uint8Array>>;
}

/** A source yielded more or fewer bytes than its entry declared (the object changed meanwhile). */
export class ZipSizeMismatchError extends Error {
  constructor(name: string, expected: number, actual: string) {
    super(`The file "${name}" was ${actual} bytes instead of the announced ${expected}.`);
    this.name = 'ZipSizeMismatchError';
  }
}

const MAX32 = 0xffffffff;
const MAX16 = 0xffff;
const FLAGS = 0x0808; // bit 3: data descriptor; bit 11: UTF-8 names
const VERSION_20 = 20;
const VERSION_45 = 45; // ZIP64
const MADE_BY_UNIX = 3 << 8;
const FILE_MODE = 0o100644;

interface Layout {
  nameBytes: Buffer;
  size: number;
  offset: number;
  /** Sizes do not fit 32 bits: ZIP64 extra in the local header, 8-byte sizes in the descriptor. */
  zip64Size: boolean;
}

const localHeaderLength = (l: Layout) => 30 + l.nameBytes.length + (l.zip64Size ? 20 : 0);
const descriptorLength = (l: Layout) => (l.zip64Size ? 24 : 16);
const centralExtraLength = (l: Layout) => {
  const fields = (l.zip64Size ? 2 : 0) + (l.offset >= MAX32 ? 1 : 0);
  return fields ? 4 + 8 * fields : 0;
};
const centralLength = (l: Layout) => 46 + l.nameBytes.length + centralExtraLength(l);

function layout(entries: readonly Pick<ZipEntry, 'name' | 'size'>[]) {
  let offset = 0;
  const entriesLayout: Layout[] = [];
  for (const entry of entries) {
    if (!Number.isSafeInteger(entry.size) || entry.size < 0)
      throw new RangeError(`Bad size for ${entry.name}`);
    const nameBytes = Buffer.from(entry.name, 'utf8');
    if (nameBytes.length > MAX16) throw new RangeError('A ZIP entry name is too long');
    const l: Layout = { nameBytes, size: entry.size, offset, zip64Size: entry.size >= MAX32 };
    entriesLayout.push(l);
    offset += localHeaderLength(l) + entry.size + descriptorLength(l);
  }
  const centralOffset = offset;
  const centralSize = entriesLayout.reduce((sum, l) => sum + centralLength(l), 0);
  const zip64End = entries.length > MAX16 || centralOffset >= MAX32 || centralSize >= MAX32;
  const total = centralOffset + centralSize + (zip64End ? 56 + 20 : 0) + 22;
  return { entries: entriesLayout, centralOffset, centralSize, zip64End, total };
}

/** The exact byte length of the archive `zipStream` writes for these entries. */
export function zipLength(entries: readonly Pick<ZipEntry, 'name' | 'size'>[]): number {
  return layout(entries).total;
}

/** MS-DOS date and time (2-second resolution, 1980–2107), from the UTC fields: ZIP has no zone. */
export function dosDateTime(date: Date): { time: number; date: number } {
  const year = Math.min(2107, Math.max(1980, date.getUTCFullYear()));
  if (year !== date.getUTCFullYear()) return { time: 0, date: ((year - 1980) << 9) | (1 << 5) | 1 };
  return {
    time: (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | (date.getUTCSeconds() >> 1),
    date: ((year - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate(),
  };
}

function localHeader(l: Layout, dos: { time: number; date: number }): Buffer {
  const b = Buffer.alloc(localHeaderLength(l));
  b.writeUInt32LE(0x04034b50, 0);
  b.writeUInt16LE(l.zip64Size ? VERSION_45 : VERSION_20, 4);
  b.writeUInt16LE(FLAGS, 6);
  b.writeUInt16LE(0, 8); // STORE
  b.writeUInt16LE(dos.time, 10);
  b.writeUInt16LE(dos.date, 12);
  // CRC and sizes follow in the data descriptor (bit 3); ZIP64 marks the sizes as "see extra".
  b.writeUInt32LE(0, 14);
  b.writeUInt32LE(l.zip64Size ? MAX32 : 0, 18);
  b.writeUInt32LE(l.zip64Size ? MAX32 : 0, 22);
  b.writeUInt16LE(l.nameBytes.length, 26);
  b.writeUInt16LE(l.zip64Size ? 20 : 0, 28);
  l.nameBytes.copy(b, 30);
  if (l.zip64Size) {
    const at = 30 + l.nameBytes.length;
    b.writeUInt16LE(0x0001, at);
    b.writeUInt16LE(16, at + 2); // two zero sizes: the real ones are in the descriptor
  }
  return b;
}

function descriptor(l: Layout, crc: number): Buffer {
  const b = Buffer.alloc(descriptorLength(l));
  b.writeUInt32LE(0x08074b50, 0);
  b.writeUInt32LE(crc, 4);
  if (l.zip64Size) {
    b.writeBigUInt64LE(BigInt(l.size), 8);
    b.writeBigUInt64LE(BigInt(l.size), 16);
  } else {
    b.writeUInt32LE(l.size, 8);
    b.writeUInt32LE(l.size, 12);
  }
  return b;
}

function centralHeader(l: Layout, crc: number, dos: { time: number; date: number }): Buffer {
  const b = Buffer.alloc(centralLength(l));
  const offset64 = l.offset >= MAX32;
  b.writeUInt32LE(0x02014b50, 0);
  b.writeUInt16LE(MADE_BY_UNIX | VERSION_45, 4);
  b.writeUInt16LE(l.zip64Size || offset64 ? VERSION_45 : VERSION_20, 6);
  b.writeUInt16LE(FLAGS, 8);
  b.writeUInt16LE(0, 10);
  b.writeUInt16LE(dos.time, 12);
  b.writeUInt16LE(dos.date, 14);
  b.writeUInt32LE(crc, 16);
  b.writeUInt32LE(l.zip64Size ? MAX32 : l.size, 20);
  b.writeUInt32LE(l.zip64Size ? MAX32 : l.size, 24);
  b.writeUInt16LE(l.nameBytes.length, 28);
  b.writeUInt16LE(centralExtraLength(l), 30);
  b.writeUInt16LE(0, 32); // comment
  b.writeUInt16LE(0, 34); // disk
  b.writeUInt16LE(0, 36); // internal attributes
  b.writeUInt32LE((FILE_MODE << 16) >>> 0, 38);
  b.writeUInt32LE(offset64 ? MAX32 : l.offset, 42);
  l.nameBytes.copy(b, 46);
  const extra = centralExtraLength(l);
  if (extra) {
    let at = 46 + l.nameBytes.length;
    b.writeUInt16LE(0x0001, at);
    b.writeUInt16LE(extra - 4, at + 2);
    at += 4;
    // Only the fields marked 0xFFFFFFFF above, in this order (APPNOTE 4.5.3).
    if (l.zip64Size) {
      b.writeBigUInt64LE(BigInt(l.size), at);
      b.writeBigUInt64LE(BigInt(l.size), at + 8);
      at += 16;
    }
    if (offset64) b.writeBigUInt64LE(BigInt(l.offset), at);
  }
  return b;
}

function endRecords(count: number, centralOffset: number, centralSize: number, zip64: boolean): Buffer {
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Math.min(count, MAX16), 8);
  end.writeUInt16LE(Math.min(count, MAX16), 10);
  end.writeUInt32LE(zip64 ? MAX32 : centralSize, 12);
  end.writeUInt32LE(zip64 ? MAX32 : centralOffset, 16);
  if (!zip64) return end;
  const record = Buffer.alloc(56);
  record.writeUInt32LE(0x06064b50, 0);
  record.writeBigUInt64LE(44n, 4);
  record.writeUInt16LE(MADE_BY_UNIX | VERSION_45, 12);
  record.writeUInt16LE(VERSION_45, 14);
  record.writeBigUInt64LE(BigInt(count), 24);
  record.writeBigUInt64LE(BigInt(count), 32);
  record.writeBigUInt64LE(BigInt(centralSize), 40);
  record.writeBigUInt64LE(BigInt(centralOffset), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeBigUInt64LE(BigInt(centralOffset + centralSize), 8);
  locator.writeUInt32LE(1, 16);
  return Buffer.concat([record, locator, end]);
}

async function* generate(entries: readonly ZipEntry[]): AsyncGenerator<Buffer> {
  const plan = layout(entries);
  const central: Buffer[] = [];
  for (const [i, entry] of entries.entries()) {
    const l = plan.entries[i] as Layout;
    const dos = dosDateTime(entry.modifiedAt);
    yield localHeader(l, dos);
    let crc = 0;
    let seen = 0;
    for await (const chunk of await entry.open()) {
      const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      seen += bytes.length;
      // Stop before a single extra byte goes out: the announced length must stay true.
      if (seen > entry.size)
        throw new ZipSizeMismatchError(entry.name, entry.size, `more than ${entry.size}`);
      crc = crc32(bytes, crc);
      yield bytes;
    }
    if (seen !== entry.size) throw new ZipSizeMismatchError(entry.name, entry.size, String(seen));
    yield descriptor(l, crc);
    central.push(centralHeader(l, crc, dos));
  }
  yield Buffer.concat(central);
  yield endRecords(entries.length, plan.centralOffset, plan.centralSize, plan.zip64End);
}

/**
 * The archive as a byte stream of exactly `zipLength(entries)` bytes. Pull-based: an entry's
 * source is opened when the previous one is finished, and read only as the consumer reads.
 * Destroying the stream (a client that left) closes the open source. A source that breaks off
 * or yields a different length fails the stream, so the client sees a cut-off download, never a
 * complete-looking but wrong archive.
 */
export function zipStream(entries: readonly ZipEntry[]): Readable {
  return Readable.from(generate(entries), { objectMode: false });
}
