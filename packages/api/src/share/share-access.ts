import { findShareLinkByTokenHash, type ShareLink } from '@party/db';
import { TRPCError } from '@trpc/server';
import type { Context } from '../context';
import { systemClock } from '../context';
import { hashShareToken, isShareAccessKey } from './share-secrets';

/** Wrong passwords a link takes per window before it refuses every guess until the window ends. */
export const SHARE_PASSWORD_ATTEMPTS = { max: 5, windowMs: 15 * 60 * 1000 };

export type ShareLinkState = 'active' | 'expired' | 'revoked';

/** Whether a link opens right now. Revoked wins over expired: the admin's act is the better answer. */
export function shareLinkState(link: Pick<ShareLink, 'expiresAt' | 'revokedAt'>, now: Date): ShareLinkState {
  if (link.revokedAt && link.revokedAt.getTime() <= now.getTime()) return 'revoked';
  if (link.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'active';
}

export const clockOf = (ctx: Pick<Context, 'clock'>) => (ctx.clock ?? systemClock)();

const ENDED_MESSAGES: Record<Exclude<ShareLinkState, 'active'>, string> = {
  expired: 'This share link has expired.',
  revoked: 'This share link was withdrawn.',
};

/**
 * The link behind a guest's token, when it opens now and (for a password link) the guest holds
 * its access key. Otherwise NOT_FOUND with a sentence saying why (unknown, expired, withdrawn,
 * locked by a password): never FORBIDDEN, and never anything of what the link opens.
 */
export async function requireOpenShareLink(
  ctx: Pick<Context, 'db' | 'clock'>,
  input: { token: string; access?: string },
): Promise<ShareLink> {
  const link = await findShareLinkByTokenHash(ctx.db, hashShareToken(input.token));
  if (!link) throw new TRPCError({ code: 'NOT_FOUND', message: 'There is no such share link.' });
  const state = shareLinkState(link, clockOf(ctx));
  if (state !== 'active') throw new TRPCError({ code: 'NOT_FOUND', message: ENDED_MESSAGES[state] });
  if (
    link.passwordHash &&
    !(input.access && isShareAccessKey({ id: link.id, passwordHash: link.passwordHash }, input.access))
  ) {
    throw new TRPCError({ code: 'NOT_FOUND', message: 'This share link needs its password.' });
  }
  return link;
}
