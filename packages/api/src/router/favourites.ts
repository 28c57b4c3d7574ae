import {
  addFavourite,
  countFavourites,
  findVisibleImage,
  findVisibleMusicSet,
  findVisibleTrack,
  listVisibleFavouriteImages,
  listVisibleFavouriteMoments,
  listVisibleFavouriteSets,
  removeFavourite,
} from '@party/db';
import { TRPCError } from '@trpc/server';
import { withImageUrls } from '../media/image-urls';
import { favouriteTargetSchema } from '../schemas/favourites';
import { protectedProcedure, router } from '../trpc';
import { viewerScope } from '../visibility';

/** Most favourites one member keeps: far above any real use, a bound on the Favourites page. */
export const MAX_FAVOURITES = 5000;

export const favouritesRouter = router({
  /**
   * The viewer's favourites they can still see, newest first: photos (with gallery URLs and their
   * event), sets, and moments of tracks. A favourite of something no longer visible is left out
   * (and comes back if it becomes visible again).
   */
  list: protectedProcedure.query(async ({ ctx }) => {
    const scope = viewerScope(ctx.viewer);
    const [photoRows, setRows, moments] = await Promise.all([
      listVisibleFavouriteImages(ctx.db, scope, ctx.viewer.id),
      listVisibleFavouriteSets(ctx.db, scope, ctx.viewer.id),
      listVisibleFavouriteMoments(ctx.db, scope, ctx.viewer.id),
    ]);
    const withUrls = await withImageUrls(
      ctx,
      photoRows.map((row) => row.image),
    );
    const now = new Date();
    return {
      photos: withUrls.map((photo, i) => ({ ...photo, event: photoRows[i]?.event ?? null })),
      sets: await Promise.all(
        setRows.map(async ({ set }) => ({
          id: set.id,
          title: set.title,
          artist: set.artist,
          eventId: set.eventId,
          recordedOn: set.recordedOn,
          coverUrl: set.coverKey ? (await ctx.delivery.url(set.coverKey, { now })).url : null,
        })),
      ),
      moments: moments.map((m) => ({
        id: m.id,
        trackId: m.trackId,
        trackTitle: m.trackTitle,
        positionSeconds: m.positionSeconds ?? 0,
        label: m.label,
        setId: m.setId,
        setTitle: m.setTitle,
        setArtist: m.setArtist,
      })),
    };
  }),

  /** Adds a favourite of something the viewer can see (`NOT_FOUND` otherwise); twice is once. */
  add: protectedProcedure.input(favouriteTargetSchema).mutation(async ({ ctx, input }) => {
    const scope = viewerScope(ctx.viewer);
    const visible =
      'imageId' in input
        ? await findVisibleImage(ctx.db, scope, input.imageId)
        : 'setId' in input
          ? await findVisibleMusicSet(ctx.db, scope, input.setId)
          : await findVisibleTrack(ctx.db, scope, input.trackId);
    if (!visible)
      throw new TRPCError({ code: 'NOT_FOUND', message: 'There is no such photo, set or track.' });
    if ((await countFavourites(ctx.db, ctx.viewer.id)) >= MAX_FAVOURITES) {
      throw new TRPCError({
        code: 'TOO_MANY_REQUESTS',
        message: `You have ${MAX_FAVOURITES} favourites, the most one can keep. Remove some first.`,
      });
    }
    await addFavourite(ctx.db, ctx.viewer.id, input);
    return { ok: true as const };
  }),

  /** Removes one of the viewer's own favourites; removing one that is not there changes nothing. */
  remove: protectedProcedure.input(favouriteTargetSchema).mutation(async ({ ctx, input }) => {
    await removeFavourite(ctx.db, ctx.viewer.id, input);
    return { ok: true as const };
  }),
});
