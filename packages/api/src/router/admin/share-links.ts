import {
  createShareLink,
  findEventById,
  findMusicSet,
  findShareLink,
  listShareLinkOpens,
  listShareLinks,
  purgeEndedShareLinks,
  revokeShareLink,
} from '@party/db';
import { TRPCError } from '@trpc/server';
import { createShareLinkSchema, listShareLinksSchema, shareLinkIdSchema } from '../../schemas/share';
import { clockOf, shareLinkState } from '../../share/share-access';
import { generateShareToken, hashSharePassword } from '../../share/share-secrets';
import { adminProcedure, router } from '../../trpc';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Links that ended (expired or revoked) this long ago are deleted with their open log. */
export const SHARE_LINK_KEEP_AFTER_END_DAYS = 30;

const noSuchLink = () => new TRPCError({ code: 'NOT_FOUND', message: 'There is no such share link.' });

export const adminShareLinksRouter = router({
  /** Creates a link to one event gallery or one music set; the link is returned once, never again. */
  create: adminProcedure.input(createShareLinkSchema).mutation(async ({ ctx, input }) => {
    const now = clockOf(ctx);
    const target = input.eventId
      ? await findEventById(ctx.db, input.eventId)
      : input.setId
        ? await findMusicSet(ctx.db, input.setId)
        : undefined;
    if (!target) {
      throw new TRPCError({
        code: 'NOT_FOUND',
        message: input.eventId ? 'There is no such event.' : 'There is no such music set.',
      });
    }
    const { token, tokenHash } = generateShareToken();
    const link = await createShareLink(ctx.db, {
      ...(input.eventId ? { eventId: input.eventId } : { setId: target.id }),
      tokenHash,
      label: input.label || null,
      passwordHash: input.password ? await hashSharePassword(input.password) : null,
      allowDownload: input.allowDownload,
      expiresAt: new Date(now.getTime() + input.expiresInDays * DAY_MS),
      createdBy: ctx.viewer.id,
      createdAt: now,
    });
    const url = new URL(`/s/${encodeURIComponent(token)}`, ctx.publicUrl).toString();
    return { id: link.id, url, expiresAt: link.expiresAt };
  }),

  /**
   * The links of one event or set with their state and open count, newest first. Links that ended
   * more than 30 days ago are deleted first (with their open log): this is where they are kept no longer.
   */
  list: adminProcedure.input(listShareLinksSchema).query(async ({ ctx, input }) => {
    const now = clockOf(ctx);
    await purgeEndedShareLinks(ctx.db, new Date(now.getTime() - SHARE_LINK_KEEP_AFTER_END_DAYS * DAY_MS));
    const rows = await listShareLinks(
      ctx.db,
      input.eventId ? { eventId: input.eventId } : { setId: input.setId ?? '' },
    );
    return rows.map((link) => ({
      id: link.id,
      label: link.label,
      hasPassword: link.passwordHash !== null,
      allowDownload: link.allowDownload,
      createdAt: link.createdAt,
      expiresAt: link.expiresAt,
      revokedAt: link.revokedAt,
      openCount: link.openCount,
      lastOpenedAt: link.lastOpenedAt,
      state: shareLinkState(link, now),
    }));
  }),

  /** When a link was opened, newest first (the last 100). */
  opens: adminProcedure.input(shareLinkIdSchema).query(async ({ ctx, input }) => {
    const link = await findShareLink(ctx.db, input.id);
    if (!link) throw noSuchLink();
    return { openCount: link.openCount, opens: await listShareLinkOpens(ctx.db, link.id) };
  }),

  /** Ends a link at once: guests get the "withdrawn" page, and their media URLs stop in proxy mode. */
  revoke: adminProcedure.input(shareLinkIdSchema).mutation(async ({ ctx, input }) => {
    const link = await revokeShareLink(ctx.db, input.id, clockOf(ctx));
    if (!link) throw noSuchLink();
    return { id: link.id, revokedAt: link.revokedAt };
  }),
});
