import exifReader from 'exif-reader';

const OFFSET = /^([+-])(\d{2}):(\d{2})$/;

/**
 * When the photo was taken, from EXIF `DateTimeOriginal` (raw EXIF as sharp's `metadata().exif`
 * returns it). Null when absent, unset (`0000:00:00 ...`) or unreadable: a bad EXIF block must not
 * cost the guest their photo.
 *
 * EXIF stores camera wall-clock time. `OffsetTimeOriginal` (EXIF 2.31, written by current phones)
 * says which zone that was; when it is missing the wall-clock time is taken as UTC, which for a
 * party in Europe puts it an hour or two off but keeps photos of one camera in the right order.
 */
export function takenAtFromExif(exif: Buffer | undefined): Date | null {
  if (!exif) return null;
  let photo: ReturnType<typeof exifReader>['Photo'];
  try {
    photo = exifReader(exif).Photo;
  } catch {
    return null;
  }
  // exif-reader turns "YYYY:MM:DD HH:MM:SS" into a Date at that wall-clock time in UTC.
  const wallClock: unknown = photo?.DateTimeOriginal;
  if (!(wallClock instanceof Date) || Number.isNaN(wallClock.getTime())) return null;
  if (wallClock.getUTCFullYear() < 1900) return null;

  let ms = wallClock.getTime() + subSecondMs(photo?.SubSecTimeOriginal);
  const offset =
    typeof photo?.OffsetTimeOriginal === 'string' ? OFFSET.exec(photo.OffsetTimeOriginal.trim()) : null;
  if (offset) {
    const [, sign, hours, minutes] = offset;
    const offsetMs = (Number(hours) * 60 + Number(minutes)) * 60_000;
    ms -= sign === '-' ? -offsetMs : offsetMs;
  }
  return new Date(ms);
}

/** `SubSecTimeOriginal` holds the fraction's digits ("811" = 0.811 s). */
function subSecondMs(value: unknown): number {
  if (typeof value !== 'string' || !/^\d+$/.test(value.trim())) return 0;
  return Math.floor(Number(`0.${value.trim()}`) * 1000);
}
