/**
 * Which derivative: `thumb` for grids (~400 px long edge), `preview` for the lightbox (~1600 px),
 * `full` the full-resolution JPEG download.
 */
export type ImageVariantName = 'thumb' | 'preview' | 'full';

export type ImageVariantFormat = 'webp' | 'avif' | 'jpeg';

/** One derivative file written to the output directory; it carries no metadata at all. */
export interface ImageVariant {
  variant: ImageVariantName;
  format: ImageVariantFormat;
  /** Absolute or relative as the caller's `outputDir` was. */
  path: string;
  width: number;
  height: number;
  /** File size in bytes. */
  bytes: number;
}

/** What processing one uploaded photo yields; the original file itself is left untouched. */
export interface ProcessedImage {
  /** Detected from the original's bytes, e.g. `image/jpeg`. */
  mime: string;
  /** Of the original, after EXIF auto-orientation (a portrait phone photo is taller than wide). */
  width: number;
  height: number;
  /** EXIF DateTimeOriginal (see `takenAtFromExif` for the time zone rule), or null. */
  takenAt: Date | null;
  /** Hex SHA-256 of the original's bytes, for duplicate detection. */
  sha256: string;
  /** Base64 ThumbHash placeholder (decode with `thumbhash`'s `thumbHashToDataURL`). */
  thumbhash: string;
  /** A WebP thumb and preview (the full-size JPEG and AVIF preview come from `finishImage`). */
  variants: ImageVariant[];
}
