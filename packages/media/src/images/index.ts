export { COVER_EDGE, coverSide, type ProcessCoverOptions, type ProcessedCover, processCover } from './cover';
export { detectImageType, type ImageType } from './detect';
export { FULL_JPEG_FILE, writeFullJpeg } from './full-jpeg';
export { type FinishImageOptions, finishImage, type ProcessImageOptions, processImage } from './process';
export type { ImageVariant, ImageVariantFormat, ImageVariantName, ProcessedImage } from './types';
export { AVIF_KEEP_RATIO, VARIANT_LONG_EDGE } from './variants';
