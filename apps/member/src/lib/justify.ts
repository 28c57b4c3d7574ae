export interface Size {
  width: number | null;
  height: number | null;
}

export interface RowItem {
  /** Position of the photo in the input list. */
  index: number;
  width: number;
}

export interface Row {
  height: number;
  items: RowItem[];
}

/** Very wide panoramas and very tall strips are cropped to this range so no row degenerates. */
const MIN_RATIO = 0.5;
const MAX_RATIO = 3;

function ratio({ width, height }: Size): number {
  if (!width || !height) return 1;
  return Math.min(MAX_RATIO, Math.max(MIN_RATIO, width / height));
}

/**
 * Justified rows, as in Flickr or Google Photos: photos keep their aspect ratio, every full row
 * spans the container exactly, row heights stay near `targetHeight`. The last row keeps the
 * target height instead of being stretched. Widths are whole pixels; the rounding remainder goes
 * to the last photo of a row, so a row never overflows by a fraction of a pixel.
 */
export function justify(
  sizes: readonly Size[],
  containerWidth: number,
  targetHeight: number,
  gap: number,
): Row[] {
  if (containerWidth <= 0 || sizes.length === 0) return [];
  const rows: Row[] = [];
  let start = 0;
  let ratioSum = 0;

  const close = (end: number, height: number, fill: boolean) => {
    const items: RowItem[] = [];
    let used = 0;
    for (let index = start; index < end; index++) {
      const size = sizes[index] ?? { width: null, height: null };
      const width = Math.max(1, Math.floor(ratio(size) * height));
      items.push({ index, width });
      used += width;
    }
    const last = items[items.length - 1];
    if (fill && last) last.width += containerWidth - gap * (items.length - 1) - used;
    rows.push({ height: Math.round(height), items });
  };

  for (let index = 0; index < sizes.length; index++) {
    ratioSum += ratio(sizes[index] ?? { width: null, height: null });
    const count = index - start + 1;
    const widthAtTarget = ratioSum * targetHeight + gap * (count - 1);
    if (widthAtTarget >= containerWidth) {
      const height = (containerWidth - gap * (count - 1)) / ratioSum;
      close(index + 1, height, true);
      start = index + 1;
      ratioSum = 0;
    }
  }
  if (start < sizes.length) close(sizes.length, targetHeight, false);
  return rows;
}

/** Row height that suits the screen: smaller rows on phones show more than one photo across. */
export function targetRowHeight(containerWidth: number): number {
  if (containerWidth < 480) return 120;
  if (containerWidth < 900) return 170;
  return 230;
}
