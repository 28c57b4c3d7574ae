import type { Sharp } from 'sharp';
import { rgbaToThumbHash } from 'thumbhash';

/** ThumbHash only encodes images up to 100 px on each side. */
const MAX_SIDE = 100;

/** Base64 ThumbHash of an image (any sharp input, typically the decoded working copy). */
export async function thumbhashOf(image: Sharp): Promise<string> {
  const { data, info } = await image
    .resize(MAX_SIDE, MAX_SIDE, { fit: 'inside' })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return Buffer.from(rgbaToThumbHash(info.width, info.height, data)).toString('base64');
}
