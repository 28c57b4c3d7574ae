/** Largest `.cue` file read (a sheet of 99 tracks is a few KB; the tracklist text allows 100,000 characters). */
export const CUE_FILE_MAX_BYTES = 100_000;

/**
 * The text of a `.cue` file: UTF-8 (a byte order mark dropped), else Windows-1252, which older
 * rippers and DJ software write.
 */
export function decodeCueBytes(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}
