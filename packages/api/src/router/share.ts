import {
  clearShareLinkAttempts,
  findEventById,
  findShareLinkByTokenHash,
  findVisibleImage,
  findVisibleMusicSet,
  findVisibleTrack,
  listVisibleEventImages,
  recordShareLinkOpen,
  type ShareLink,
  takeShareLinkAttempt,
} from '@party/db';
import type { ViewerDelivery } from '@party/storage';
import { TRPCError } from '@trpc/server';
import type { Context } from '../context';
import { imageDownloadUrl, withImageUrls } from '../media/image-urls';
import { setDetail } from '../media/set-detail';
import { trackDownloadUrl, trackStreamUrl } from '../media/track-urls';
import {
  shareImageDownloadSchema,
  shareStreamUrlSchema,
  shareTokenSchema,
  shareTrackDownloadSchema,
  unlockShareSchema,
} from '../schemas/share';
import {
  clockOf,
  requireOpenShareLink,
  SHARE_PASSWORD_ATTEMPTS,
  shareLinkState,
} from '../share/share-access';
import {
  hashShareToken,
  isShareAccessKey,
  shareAccessKey,
  verifySharePassword,
} from '../share/share-secrets';
import { publicProcedure, router } from '../trpc';
import { guestScope } from '../visibility';

/*
 * What a guest without an account reaches through a share link: one event gallery or one music
 * set, read-only, with whatever the link allows. Every call carries the token (and, for a link with
 * a password, the access key from `share.unlock`); a session plays no part. What a guest sees goes
 * through the same visibility predicate as members (`guestScope()`): never drafts.
 */

function guestDelivery(ctx: Pick<Context, 'guestDelivery'>, link: ShareLink): ViewerDelivery {
  if (!ctx.guestDelivery) throw new Error('share procedures need ctx.guestDelivery');
  return ctx.guestDelivery(link.id);
}

const noDownloads = () =>
  new TRPCError({ code: 'FORBIDDEN', message: 'This share link does not offer downloads.' });

async function eventLink(ctx: Context, input: { token: string; access?: string }) {
  const link = await requireOpenShareLink(ctx, input);
  if (!link.eventId)
    throw new TRPCError({ code: 'NOT_FOUND', message: 'This share link opens a music set.' });
  return { link, eventId: link.eventId };
}

async function setLink(ctx: Context, input: { token: string; access?: string }) {
  const link = await requireOpenShareLink(ctx, input);
  if (!link.setId) throw new TRPCError({ code: 'NOT_FOUND', message: 'This share link opens a gallery.' });
  return { link, setId: link.setId };
}

/** A track of the link's set that guests may hear; NOT_FOUND for any other track. */
async function linkedTrack(ctx: Context, setId: string, trackId: string) {
  const found = await findVisibleTrack(ctx.db, guestScope(), trackId);
  if (!found || found.set.id !== setId) {
    throw new TRPCError({ code: 'NOT_FOUND', message: 'There is no such track.' });
  }
  return found;
}

export const shareRouter = router({
  /**
   * What the guest's page shows first: whether the link opens (`open`, counted and logged), needs
   * its password (`password`), has `expired`, was `revoked`, or is `unknown`. Never an error for a
   * link that ended: the page says so in words.
   */
  open: publicProcedure.input(shareTokenSchema).mutation(async ({ ctx, input }) => {
    const now = clockOf(ctx);
    const link = await findShareLinkByTokenHash(ctx.db, hashShareToken(input.token));
    if (!link) return { status: 'unknown' as const };
    const state = shareLinkState(link, now);
    if (state !== 'active') return { status: state };
    if (
      link.passwordHash &&
      !(input.access && isShareAccessKey({ id: link.id, passwordHash: link.passwordHash }, input.access))
    ) {
      return { status: 'password' as const };
    }
    await recordShareLinkOpen(ctx.db, link.id, now);
    return {
      status: 'open' as const,
      kind: link.eventId ? ('event' as const) : ('set' as const),
      allowDownload: link.allowDownload,
      expiresAt: link.expiresAt,
    };
  }),

  /**
   * Trades a link's password for its access key. Wrong passwords are limited per link
   * (`SHARE_PASSWORD_ATTEMPTS`: 5 in 15 minutes, then every guess is refused until the window ends).
   */
  unlock: publicProcedure.input(unlockShareSchema).mutation(async ({ ctx, input }) => {
    const now = clockOf(ctx);
    const link = await findShareLinkByTokenHash(ctx.db, hashShareToken(input.token));
    if (!link || shareLinkState(link, now) !== 'active') {
      throw new TRPCError({ code: 'NOT_FOUND', message: 'There is no such share link, or it has ended.' });
    }
    if (!link.passwordHash) return { access: null };
    if (!(await takeShareLinkAttempt(ctx.db, link.id, now, SHARE_PASSWORD_ATTEMPTS))) {
      throw new TRPCError({
        code: 'TOO_MANY_REQUESTS',
        message: 'Too many wrong passwords for this link. Try again in 15 minutes.',
      });
    }
    if (!(await verifySharePassword(input.password, link.passwordHash))) {
      throw new TRPCError({ code: 'BAD_REQUEST', message: 'That password is not right.' });
    }
    await clearShareLinkAttempts(ctx.db, link.id);
    return { access: shareAccessKey({ id: link.id, passwordHash: link.passwordHash }) };
  }),

  /** The linked event's gallery: the photos guests may see, with URLs valid for 15 minutes. */
  event: publicProcedure.input(shareTokenSchema).query(async ({ ctx, input }) => {
    const { link, eventId } = await eventLink(ctx, input);
    const event = await findEventById(ctx.db, eventId);
    if (!event) throw new TRPCError({ code: 'NOT_FOUND', message: 'There is no such event.' });
    const rows = await listVisibleEventImages(ctx.db, guestScope(), eventId);
    const images = await withImageUrls({ db: ctx.db, delivery: guestDelivery(ctx, link) }, rows);
    return {
      title: event.title,
      eventDate: event.eventDate,
      venue: event.venue,
      allowDownload: link.allowDownload,
      // Originals only where the link allows downloads and the admin offers the photo's original.
      images: images.map((image) => ({
        ...image,
        originalDownload: link.allowDownload && image.originalDownload,
      })),
    };
  }),

  /** A download of a linked photo's preview, or of its original where that is offered too. */
  imageDownload: publicProcedure.input(shareImageDownloadSchema).mutation(async ({ ctx, input }) => {
    const { link, eventId } = await eventLink(ctx, input);
    const image = await findVisibleImage(ctx.db, guestScope(), input.imageId);
    if (!image || image.eventId !== eventId) {
      throw new TRPCError({ code: 'NOT_FOUND', message: 'There is no such photo.' });
    }
    if (!link.allowDownload) throw noDownloads();
    if (input.kind === 'original' && !image.allowOriginalDownload) {
      throw new TRPCError({
        code: 'FORBIDDEN',
        message: 'The original of this photo is not offered for download.',
      });
    }
    return imageDownloadUrl({ db: ctx.db, delivery: guestDelivery(ctx, link) }, image, input.kind);
  }),

  /** The linked set as its page shows it (no listening position: a guest has none). */
  set: publicProcedure.input(shareTokenSchema).query(async ({ ctx, input }) => {
    const { link, setId } = await setLink(ctx, input);
    const set = await findVisibleMusicSet(ctx.db, guestScope(), setId);
    if (!set) throw new TRPCError({ code: 'NOT_FOUND', message: 'There is no such music set.' });
    const detail = await setDetail({ db: ctx.db, delivery: guestDelivery(ctx, link) }, set, null);
    return { ...detail, allowDownload: link.allowDownload };
  }),

  /** A stream URL of a track of the linked set (same tiers and fallbacks as `tracks.streamUrl`). */
  streamUrl: publicProcedure.input(shareStreamUrlSchema).mutation(async ({ ctx, input }) => {
    const { link, setId } = await setLink(ctx, input);
    const found = await linkedTrack(ctx, setId, input.trackId);
    return trackStreamUrl({ db: ctx.db, delivery: guestDelivery(ctx, link) }, found.track, input.tier);
  }),

  /** The lossless original or FLAC copy of a track of the linked set, where the link allows downloads. */
  trackDownload: publicProcedure.input(shareTrackDownloadSchema).mutation(async ({ ctx, input }) => {
    const { link, setId } = await setLink(ctx, input);
    const found = await linkedTrack(ctx, setId, input.trackId);
    if (!link.allowDownload) throw noDownloads();
    return trackDownloadUrl({ db: ctx.db, delivery: guestDelivery(ctx, link) }, found, input.kind);
  }),
});
