/**
 * A short format name for a download button from the codec the upload was read as
 * (music-metadata's names): "MPEG 1 Layer 3" is what people call MP3.
 */
export function codecName(codec: string): string {
  if (/^MPEG[\s-][12](\.5)?[\s-]Layer[\s-]?3$/i.test(codec)) return 'MP3';
  if (/^MPEG[\s-][12](\.5)?[\s-]Layer[\s-]?2$/i.test(codec)) return 'MP2';
  return codec.toUpperCase();
}
