import {
  clearMusicSetCover,
  createMusicSet,
  deleteEmptyMusicSet,
  findEventById,
  findMusicSet,
  findUserById,
  listCuePoints,
  listMusicSetsForAdmin,
  listRenditions,
  listTracksOfSets,
  musicSetHasTracks,
  updateMusicSet,
} from '@party/db';
import { deleteObjects } from '@party/storage';
import { TRPCError } from '@trpc/server';
import type { Context } from '../../context';
import { notifyAbout } from '../../mail/notices';
import { createMusicSetSchema, musicSetIdSchema, updateMusicSetSchema } from '../../schemas/music';
import { adminProcedure, router } from '../../trpc';

const noSuchSet = () => new TRPCError({ code: 'NOT_FOUND', message: 'There is no such music set.' });

/** The set's event must exist, and `attendees` visibility needs an event (whose attendees see it). */
async function assertEvent(
  ctx: { db: Parameters<typeof findEventById>[0] },
  fields: { eventId?: string | null; visibility?: string },
  current?: { eventId: string | null; visibility: string },
) {
  if (fields.eventId && !(await findEventById(ctx.db, fields.eventId))) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: 'The chosen event does not exist.' });
  }
  const eventId = fields.eventId === undefined ? current?.eventId : fields.eventId;
  const visibility = fields.visibility ?? current?.visibility;
  if (visibility === 'attendees' && !eventId) {
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: 'Only a set that belongs to an event can be shown to its attendees. Choose the event first.',
    });
  }
}

/** A DJ link names an active member account: admins see the statistics anyway. */
async function assertDj(
  ctx: { db: Parameters<typeof findUserById>[0] },
  djUserId: string | null | undefined,
) {
  if (!djUserId) return;
  const account = await findUserById(ctx.db, djUserId);
  if (account?.role !== 'member' || account.disabled) {
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: 'Choose an active member account as the DJ of this set.',
    });
  }
}

/** Removes a cover object; a storage failure becomes a sentence the admin can act on. */
async function deleteCoverObject(ctx: Pick<Context, 'storage'>, key: string): Promise<void> {
  try {
    await deleteObjects(ctx.storage.client, ctx.storage.bucket, [key]);
  } catch (error) {
    throw new TRPCError({
      code: 'INTERNAL_SERVER_ERROR',
      message: 'The cover could not be removed from storage just now; please try again.',
      cause: error,
    });
  }
}

export const adminMusicSetsRouter = router({
  list: adminProcedure.query(async ({ ctx }) => {
    const rows = await listMusicSetsForAdmin(ctx.db);
    return rows.map(({ set, ...counts }) => ({ ...set, ...counts }));
  }),

  /**
   * A set with its cover (a short-lived URL; `coverUploadId` set while an uploaded cover is being
   * processed, `coverFailureReason` when the last one was refused), its tracks (status, progress,
   * facts, renditions) and each track's tracklist.
   */
  byId: adminProcedure.input(musicSetIdSchema).query(async ({ ctx, input }) => {
    const set = await findMusicSet(ctx.db, input.id);
    if (!set) throw noSuchSet();
    const tracks = await listTracksOfSets(ctx.db, [set.id]);
    const ids = tracks.map((t) => t.id);
    const [renditions, cues, cover] = await Promise.all([
      listRenditions(ctx.db, ids),
      listCuePoints(ctx.db, ids),
      set.coverKey ? ctx.delivery.url(set.coverKey) : null,
    ]);
    return {
      ...set,
      coverUrl: cover?.url ?? null,
      tracks: tracks.map((track) => ({
        ...track,
        renditions: renditions
          .filter((r) => r.trackId === track.id)
          .map(({ tier, codec, bitrateKbps, bytes }) => ({ tier, codec, bitrateKbps, bytes })),
        cues: cues
          .filter((c) => c.trackId === track.id)
          .map(({ id, startSeconds, artist, title }) => ({ id, startSeconds, artist, title })),
      })),
    };
  }),

  create: adminProcedure.input(createMusicSetSchema).mutation(async ({ ctx, input }) => {
    await assertEvent(ctx, input);
    await assertDj(ctx, input.djUserId);
    return createMusicSet(ctx.db, { ...input, createdBy: ctx.viewer.id });
  }),

  update: adminProcedure.input(updateMusicSetSchema).mutation(async ({ ctx, input }) => {
    const { id, notify, ...fields } = input;
    const current = await findMusicSet(ctx.db, id);
    if (!current) throw noSuchSet();
    await assertEvent(ctx, fields, current);
    // Only a new link is checked: a DJ disabled since may stay linked until an admin changes it.
    if (fields.djUserId !== current.djUserId) await assertDj(ctx, fields.djUserId);
    const set = await updateMusicSet(ctx.db, id, fields);
    if (!set) throw noSuchSet();
    // With `notify`, the people who can hear it now are mailed (README, Mail); once per person.
    const notified = notify && set.visibility !== 'draft' ? await notifyAbout(ctx, 'set', [set.id]) : 0;
    return { ...set, notified };
  }),

  /**
   * Removes the set's cover: the S3 object first, then the column (a failed deletion leaves both,
   * and the admin can try again). Members see the initials placeholder afterwards; a track with
   * embedded art uploaded later may give the set a cover again. Nothing to remove is no error.
   */
  removeCover: adminProcedure.input(musicSetIdSchema).mutation(async ({ ctx, input }) => {
    const set = await findMusicSet(ctx.db, input.id);
    if (!set) throw noSuchSet();
    if (set.coverKey) {
      await deleteCoverObject(ctx, set.coverKey);
      await clearMusicSetCover(ctx.db, set.id, set.coverKey);
    }
    return { id: set.id };
  }),

  /** Deletes an empty set: its cover object first, then the row (the S3-first order of all deletions). */
  delete: adminProcedure.input(musicSetIdSchema).mutation(async ({ ctx, input }) => {
    const set = await findMusicSet(ctx.db, input.id);
    if (!set) throw noSuchSet();
    const notEmpty = () =>
      new TRPCError({
        code: 'PRECONDITION_FAILED',
        message: 'Delete the tracks of this set first; a set with tracks cannot be deleted.',
      });
    if (await musicSetHasTracks(ctx.db, set.id)) throw notEmpty();
    if (set.coverKey) await deleteCoverObject(ctx, set.coverKey);
    const result = await deleteEmptyMusicSet(ctx.db, input.id);
    if (result === 'missing') throw noSuchSet();
    if (result === 'not-empty') throw notEmpty();
    return { id: input.id };
  }),
});
