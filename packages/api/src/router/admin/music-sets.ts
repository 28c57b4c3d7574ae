import {
  createMusicSet,
  deleteEmptyMusicSet,
  findEventById,
  findMusicSet,
  listCuePoints,
  listMusicSetsForAdmin,
  listRenditions,
  listTracksOfSets,
  updateMusicSet,
} from '@party/db';
import { TRPCError } from '@trpc/server';
import { createMusicSetSchema, musicSetIdSchema, updateMusicSetSchema } from '../../schemas/music';
import { adminProcedure, router } from '../../trpc';

const noSuchSet = () => new TRPCError({ code: 'NOT_FOUND', message: 'There is no such music set.' });

async function assertEvent(
  ctx: { db: Parameters<typeof findEventById>[0] },
  eventId: string | null | undefined,
) {
  if (eventId && !(await findEventById(ctx.db, eventId))) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: 'The chosen event does not exist.' });
  }
}

export const adminMusicSetsRouter = router({
  list: adminProcedure.query(async ({ ctx }) => {
    const rows = await listMusicSetsForAdmin(ctx.db);
    return rows.map(({ set, ...counts }) => ({ ...set, ...counts }));
  }),

  /** A set with its tracks (status, progress, facts, renditions) and each track's tracklist. */
  byId: adminProcedure.input(musicSetIdSchema).query(async ({ ctx, input }) => {
    const set = await findMusicSet(ctx.db, input.id);
    if (!set) throw noSuchSet();
    const tracks = await listTracksOfSets(ctx.db, [set.id]);
    const ids = tracks.map((t) => t.id);
    const [renditions, cues] = await Promise.all([listRenditions(ctx.db, ids), listCuePoints(ctx.db, ids)]);
    return {
      ...set,
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
    await assertEvent(ctx, input.eventId);
    return createMusicSet(ctx.db, { ...input, createdBy: ctx.viewer.id });
  }),

  update: adminProcedure.input(updateMusicSetSchema).mutation(async ({ ctx, input }) => {
    const { id, ...fields } = input;
    await assertEvent(ctx, fields.eventId);
    const set = await updateMusicSet(ctx.db, id, fields);
    if (!set) throw noSuchSet();
    return set;
  }),

  delete: adminProcedure.input(musicSetIdSchema).mutation(async ({ ctx, input }) => {
    const result = await deleteEmptyMusicSet(ctx.db, input.id);
    if (result === 'missing') throw noSuchSet();
    if (result === 'not-empty') {
      throw new TRPCError({
        code: 'PRECONDITION_FAILED',
        message: 'Delete the tracks of this set first; a set with tracks cannot be deleted.',
      });
    }
    return { id: input.id };
  }),
});
