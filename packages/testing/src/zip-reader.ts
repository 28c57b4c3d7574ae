import { crc32 } from 'node:zlib';

/** One file read back from a ZIP: its name, bytes and whether its stored CRC-32 matched them. */
export interface ReadZipEntry {
  name: string;
  data: Buffer;
  crcMatches: boolean;
}

/**
 * Reads a STORE-only ZIP (ZIP64 included) from its central directory, as unzip tools do, so tests
 * can compare entries byte for byte. Written from APPNOTE, not from our writer; refuses anything
 * it does not understand.
 */
export function readZip(zip: Buffer): ReadZipEntry[] {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('No end of central directory record');
  let count = zip.readUInt16LE(eocd + 10);
  let centralOffset = zip.readUInt32LE(eocd + 16);
  if (count === 0xffff || centralOffset === 0xffffffff) {
    const locator = eocd - 20;
    if (zip.readUInt32LE(locator) !== 0x07064b50) throw new Error('No ZIP64 locator');
    const record = Number(zip.readBigUInt64LE(locator + 8));
    if (zip.readUInt32LE(record) !== 0x06064b50) throw new Error('No ZIP64 end record');
    count = Number(zip.readBigUInt64LE(record + 32));
    centralOffset = Number(zip.readBigUInt64LE(record + 48));
  }
  const entries: ReadZipEntry[] = [];
  let at = centralOffset;
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`No central header at ${at}`);
    if (zip.readUInt16LE(at + 10) !== 0) throw new Error('Only STORE entries are supported');
    const crc = zip.readUInt32LE(at + 16);
    let size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    let offset = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    let extra = at + 46 + nameLength;
    const extraEnd = extra + extraLength;
    while (extra < extraEnd) {
      const id = zip.readUInt16LE(extra);
      const length = zip.readUInt16LE(extra + 2);
      if (id === 0x0001) {
        let field = extra + 4;
        if (size === 0xffffffff) {
          size = Number(zip.readBigUInt64LE(field));
          field += 16; // uncompressed, then compressed
        }
        if (offset === 0xffffffff) offset = Number(zip.readBigUInt64LE(field));
      }
      extra += 4 + length;
    }
    if (zip.readUInt32LE(offset) !== 0x04034b50) throw new Error(`No local header for ${name}`);
    const dataStart = offset + 30 + zip.readUInt16LE(offset + 26) + zip.readUInt16LE(offset + 28);
    const data = zip.subarray(dataStart, dataStart + size);
    entries.push({ name, data, crcMatches: crc32(data) === crc });
    at = extraEnd + commentLength;
  }
  return entries;
}
