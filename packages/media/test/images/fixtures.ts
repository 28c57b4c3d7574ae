import { writeFile } from 'node:fs/promises';
import { crc32, deflateSync } from 'node:zlib';
import sharp, { type Colour, type Exif, type Sharp } from 'sharp';

/** Re-exported for bench/images, which sits outside any package and so cannot resolve sharp itself. */
export { default as sharp } from 'sharp';

/**
 * Test photos made on the spot with sharp (and by hand where sharp cannot write the thing), never
 * downloaded. Each `write*` returns the path it wrote.
 */

/** A camera's worth of identifying EXIF: serial number, GPS position, capture time with zone. */
export const CAMERA_EXIF = {
  IFD0: { Make: 'Acme', Model: 'PartyCam 3000', Software: 'PartyCam firmware 1.2' },
  // IFD2 is the EXIF sub-IFD, IFD3 the GPS IFD (libexif's numbering, which sharp follows).
  IFD2: {
    DateTimeOriginal: '2024:06:01 23:45:10',
    OffsetTimeOriginal: '+02:00',
    SubSecTimeOriginal: '250',
    BodySerialNumber: 'SN-4242-SECRET',
  },
  IFD3: {
    GPSLatitudeRef: 'N',
    GPSLatitude: '52/1 31/1 1234/100',
    GPSLongitudeRef: 'E',
    GPSLongitude: '13/1 24/1 3300/100',
  },
} satisfies Exif;

/** A string that must never appear in any derivative. */
export const CAMERA_SERIAL = CAMERA_EXIF.IFD2.BodySerialNumber;

const XMP = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:exifEX="http://cipa.jp/exif/1.0/" exifEX:BodySerialNumber="${CAMERA_SERIAL}"/>
</rdf:RDF></x:xmpmeta>`;

/**
 * Shapes over a gradient with a little sensor-like grain: encoders treat it roughly like a photo
 * (a flat colour would make every codec look equally good).
 */
export async function photoLikePixels(width: number, height: number, seed = 1): Promise<Sharp> {
  let state = seed;
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
  let shapes = '';
  for (let i = 0; i < 40; i++) {
    const [x, y, r] = [
      random() * width,
      random() * height,
      (0.05 + random() * 0.2) * Math.max(width, height),
    ];
    const fill = `hsl(${Math.floor(random() * 360)},${40 + Math.floor(random() * 50)}%,${25 + Math.floor(random() * 50)}%)`;
    shapes += `<circle cx="${x}" cy="${y}" r="${r}" fill="${fill}" fill-opacity="0.7"/>`;
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#234"/><stop offset="1" stop-color="#c96"/></linearGradient></defs>
<rect width="100%" height="100%" fill="url(#g)"/>${shapes}</svg>`;
  // Grain drawn in JS: libvips' gaussian noise takes seconds at 24 MP, this loop a fraction of one.
  const grain = Buffer.allocUnsafe(width * height * 3);
  let bits = (seed * 2_654_435_761) >>> 0 || 1;
  for (let i = 0; i < grain.length; i++) {
    bits ^= bits << 13;
    bits ^= bits >>> 17;
    bits ^= bits << 5;
    bits >>>= 0;
    grain[i] = 104 + (bits & 31) + ((bits >>> 5) & 15); // about 128 ± 23, triangular-ish
  }
  return sharp(Buffer.from(svg))
    .removeAlpha()
    .composite([{ input: grain, raw: { width, height, channels: 3 }, blend: 'soft-light' }]);
}

/**
 * A landscape-stored JPEG whose top half is red and bottom half blue, tagged EXIF orientation 6
 * ("rotate 90° clockwise to display") and carrying `CAMERA_EXIF`, an XMP packet with the serial
 * and an ICC profile. Displayed upright it is portrait: red on the right, blue on the left.
 */
export async function writeRotatedCameraJpeg(
  path: string,
  stored = { width: 2400, height: 1600 },
): Promise<string> {
  const { width, height } = stored;
  const half = Math.floor(height / 2);
  await sharp({ create: { width, height, channels: 3, background: '#0000ff' } })
    .composite([
      { input: { create: { width, height: half, channels: 3, background: '#ff0000' } }, top: 0, left: 0 },
    ])
    .jpeg({ quality: 90 })
    .withExif(CAMERA_EXIF)
    .withXmp(XMP)
    .withIccProfile('srgb')
    // Orientation is set last: sharp writes its own value over an `Orientation` given in withExif.
    .withMetadata({ orientation: 6 })
    .toFile(path);
  return path;
}

/** A JPEG with photo-like content and no metadata. */
export async function writePhotoJpeg(path: string, width: number, height: number, seed = 1): Promise<string> {
  await (await photoLikePixels(width, height, seed)).jpeg({ quality: 90 }).toFile(path);
  return path;
}

/** A solid-colour image in any format sharp writes. */
export async function writeSolid(
  path: string,
  width: number,
  height: number,
  format: 'jpeg' | 'png' | 'webp' | 'avif' | 'tiff' | 'gif',
  background: Colour = '#3366cc',
): Promise<string> {
  await sharp({ create: { width, height, channels: 4, background } })
    .toFormat(format)
    .toFile(path);
  return path;
}

/** A PNG whose left half is opaque green and right half fully transparent. */
export async function writeAlphaPng(path: string, width = 800, height = 600): Promise<string> {
  await sharp({ create: { width, height, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
    .composite([
      {
        input: { create: { width: width / 2, height, channels: 4, background: '#00c000' } },
        top: 0,
        left: 0,
      },
    ])
    .png()
    .toFile(path);
  return path;
}

/** An animated GIF of `frames` frames, each `width`×`height`, the first red. */
export async function writeAnimatedGif(
  path: string,
  width: number,
  height: number,
  frames: number,
): Promise<string> {
  const colours = ['#ff0000', '#00ff00', '#0000ff'];
  const strip = await sharp({ create: { width, height: height * frames, channels: 3, background: '#000' } })
    .composite(
      Array.from({ length: frames }, (_, i) => ({
        input: { create: { width, height, channels: 3, background: colours[i % colours.length] ?? '#fff' } },
        top: i * height,
        left: 0,
      })),
    )
    .raw()
    .toBuffer({ resolveWithObject: true });
  await sharp(strip.data, {
    raw: { width, height: height * frames, channels: strip.info.channels, pageHeight: height },
  })
    .gif({ delay: Array(frames).fill(100) })
    .toFile(path);
  return path;
}

/**
 * A decompression bomb: a valid PNG header claiming `width`×`height` (2.5 gigapixels by default)
 * with a few hundred bytes of image data. Decoding it would need gigabytes; refusing it must not.
 */
export async function writePngBomb(path: string, width = 50_000, height = 50_000): Promise<string> {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body) >>> 0, 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour RGB
  // Only the first rows of data: a decoder that started on the pixels would need the rest.
  const rows = deflateSync(Buffer.alloc((1 + width * 3) * 4));
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', rows),
    chunk('IEND', Buffer.alloc(0)),
  ]);
  await writeFile(path, png);
  return path;
}

/**
 * One 64×64 red frame encoded with x265 (Annex B), as an iPhone HEIC holds its image:
 * `ffmpeg -f lavfi -i color=c=0xff0000:s=64x64 -frames:v 1 -pix_fmt yuv420p -c:v libx265
 *  -x265-params info=0:keyint=1 -f hevc red.hevc`
 */
const RED_64_HEVC = Buffer.from(
  'AAAAAUABDAH//wQIAAADAJ+oAAADAAAeugJAAAAAAUIBAQQIAAADAJ+oAAADAAAeoCCBBZbqSTK8BaAgAAADACAAAAMDIQAAAAFEAcFysCJAAAABKAGveOsCAf/t0f/2k+l7Ya1FR5w=',
  'base64',
);

/**
 * A minimal HEIC still (ISO/IEC 23008-12): one `hvc1` item with its `hvcC` and `ispe` properties,
 * wrapping `RED_64_HEVC`. sharp cannot write HEVC, so the container is assembled by hand.
 */
export async function writeHeic(path: string): Promise<string> {
  const nals = splitAnnexB(RED_64_HEVC);
  const byType = (type: number) => nals.filter((nal) => (nal[0] ?? 0) >> 1 === type);
  const [vps] = byType(32);
  if (!vps) throw new Error('fixture HEVC stream has no VPS');
  const parameterSets = [32, 33, 34].map((type) => ({ type, units: byType(type) }));
  const slices = nals.filter((nal) => (nal[0] ?? 0) >> 1 < 32);

  // profile_tier_level sits after the 2-byte NAL header and 4 bytes of VPS fields.
  const ptl = removeEmulationPrevention(vps.subarray(6)).subarray(0, 12);
  const hvcC = box(
    'hvcC',
    Buffer.from([1]),
    ptl.subarray(0, 1), // profile space, tier, profile idc
    ptl.subarray(1, 5), // profile compatibility flags
    ptl.subarray(5, 11), // constraint indicator flags
    ptl.subarray(11, 12), // level idc
    u16(0xf000), // min spatial segmentation
    Buffer.from([0xfc, 0xfd, 0xf8, 0xf8]), // parallelism, 4:2:0, 8-bit luma, 8-bit chroma
    u16(0), // average frame rate
    Buffer.from([0x0f]), // 1 temporal layer, nested, 4-byte NAL lengths
    Buffer.from([parameterSets.length]),
    ...parameterSets.flatMap(({ type, units }) => [
      Buffer.from([0x80 | type]),
      u16(units.length),
      ...units.flatMap((unit) => [u16(unit.length), unit]),
    ]),
  );
  const data = Buffer.concat(slices.flatMap((slice) => [u32(slice.length), slice]));

  const ftyp = box('ftyp', Buffer.from('heic'), u32(0), Buffer.from('mif1heic'));
  const meta = (dataOffset: number) =>
    fullBox(
      'meta',
      0,
      fullBox('hdlr', 0, u32(0), Buffer.from('pict'), Buffer.alloc(12), Buffer.from([0])),
      fullBox('pitm', 0, u16(1)),
      fullBox(
        'iloc',
        0,
        Buffer.from([0x44, 0x00]),
        u16(1),
        u16(1),
        u16(0),
        u16(1),
        u32(dataOffset),
        u32(data.length),
      ),
      fullBox('iinf', 0, u16(1), fullBox('infe', 2, u16(1), u16(0), Buffer.from('hvc1'), Buffer.from([0]))),
      box(
        'iprp',
        box('ipco', hvcC, fullBox('ispe', 0, u32(64), u32(64))),
        fullBox('ipma', 0, u32(1), u16(1), Buffer.from([2, 0x81, 0x02])),
      ),
    );
  const dataOffset = ftyp.length + meta(0).length + 8;
  await writeFile(path, Buffer.concat([ftyp, meta(dataOffset), box('mdat', data)]));
  return path;
}

function splitAnnexB(stream: Buffer): Buffer[] {
  const starts: number[] = [];
  for (let i = 0; i + 3 <= stream.length; i++) {
    if (stream[i] === 0 && stream[i + 1] === 0 && stream[i + 2] === 1) starts.push(i + 3);
  }
  return starts.map((start, i) => {
    let end = i + 1 < starts.length ? (starts[i + 1] ?? stream.length) - 3 : stream.length;
    while (end > start && stream[end - 1] === 0) end--; // the leading zero of a 4-byte start code
    return stream.subarray(start, end);
  });
}

function removeEmulationPrevention(bytes: Buffer): Buffer {
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    if (i >= 2 && bytes[i] === 3 && bytes[i - 1] === 0 && bytes[i - 2] === 0) continue;
    out.push(bytes[i] ?? 0);
  }
  return Buffer.from(out);
}

function u16(value: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(value);
  return b;
}

function u32(value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(value);
  return b;
}

function box(type: string, ...payload: Buffer[]): Buffer {
  const body = Buffer.concat(payload);
  return Buffer.concat([u32(8 + body.length), Buffer.from(type, 'latin1'), body]);
}

function fullBox(type: string, version: number, ...payload: Buffer[]): Buffer {
  return box(type, Buffer.from([version, 0, 0, 0]), ...payload);
}
