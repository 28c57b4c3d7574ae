import { type Database, listRenditions, type MusicSet, type Track } from '@party/db';
import type { ViewerDelivery } from '@party/storage';
import { TRPCError } from '@trpc/server';
import { originalExtension, trackFileName } from './track-files';

/**
 * A URL to stream one tier of a track the viewer may hear. A tier that does not exist for this
 * track falls back to the next one down, then to the original.
 */
export async function trackStreamUrl(
  ctx: { db: Database; delivery: ViewerDelivery },
  track: Track,
  tier: 'high' | 'medium' | 'original',
) {
  const renditions = await listRenditions(ctx.db, [track.id]);
  const order = tier === 'high' ? ['high', 'medium'] : ['medium', 'high'];
  const rendition = track.streamOriginal
    ? undefined
    : order.map((name) => renditions.find((r) => r.tier === name)).find(Boolean);
  const key = rendition?.key ?? track.originalKey;
  const signed = await ctx.delivery.url(key, { contentType: rendition ? 'audio/mpeg' : undefined });
  return { ...signed, tier: rendition?.tier ?? 'original' };
}

/** A download of the lossless original (or the FLAC copy of a WAV/AIFF) under a proper name. */
export async function trackDownloadUrl(
  ctx: { db: Database; delivery: ViewerDelivery },
  found: { track: Track; set: MusicSet },
  kind: 'original' | 'flac',
) {
  const { track, set } = found;
  if (kind === 'flac') {
    const flac = (await listRenditions(ctx.db, [track.id])).find((r) => r.tier === 'flac');
    if (!flac) throw new TRPCError({ code: 'NOT_FOUND', message: 'This track has no FLAC copy.' });
    return ctx.delivery.url(flac.key, {
      downloadName: trackFileName(track, set, 'flac'),
      contentType: 'audio/flac',
    });
  }
  return ctx.delivery.url(track.originalKey, {
    downloadName: trackFileName(track, set, originalExtension(track)),
  });
}
