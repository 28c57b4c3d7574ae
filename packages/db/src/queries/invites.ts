import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { type InviteMailState, invites, type Role } from '../schema';

export type Invite = typeof invites.$inferSelect;
export type InviteStatus = 'open' | 'used' | 'expired' | 'revoked';

/** Why an invite can or cannot be used right now. */
export function inviteStatus(
  invite: Pick<Invite, 'usedAt' | 'revokedAt' | 'expiresAt'>,
  now = new Date(),
): InviteStatus {
  if (invite.revokedAt) return 'revoked';
  if (invite.usedAt) return 'used';
  if (invite.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'open';
}

export async function createInvite(
  db: Database,
  params: {
    tokenHash: string;
    role: Role;
    email?: string | null;
    note?: string | null;
    createdBy: string;
    expiresAt: Date;
    /** `queued` when its mail job is sent right after, in the same request. */
    mailState?: InviteMailState | null;
    /** The sealed link of a mailed invite, kept for its reminder. */
    sealedLink?: string | null;
  },
): Promise<Invite> {
  const [row] = await db
    .insert(invites)
    .values({
      tokenHash: params.tokenHash,
      role: params.role,
      email: params.email ?? null,
      note: params.note ?? null,
      createdBy: params.createdBy,
      expiresAt: params.expiresAt,
      mailState: params.mailState ?? null,
      sealedLink: params.sealedLink ?? null,
    })
    .returning();
  if (!row) throw new Error('insert into invites returned no row');
  return row;
}

export async function findInviteByTokenHash(db: Database, tokenHash: string): Promise<Invite | undefined> {
  return db.query.invites.findFirst({ where: eq(invites.tokenHash, tokenHash) });
}

/**
 * Marks an open invite as used by `email`, atomically: of two sign-ups racing for one invite,
 * exactly one gets the row back. Returns undefined when the invite is not open for this address.
 */
export async function claimInvite(
  db: Database,
  params: { tokenHash: string; email: string },
): Promise<Invite | undefined> {
  const [row] = await db
    .update(invites)
    .set({ usedAt: sql`now()`, usedByEmail: params.email, sealedLink: null })
    .where(
      and(
        eq(invites.tokenHash, params.tokenHash),
        isNull(invites.usedAt),
        isNull(invites.revokedAt),
        gt(invites.expiresAt, sql`now()`),
        sql`(${invites.email} is null or lower(${invites.email}) = lower(${params.email}))`,
      ),
    )
    .returning();
  return row;
}

export async function listInvites(db: Database, params: { limit?: number } = {}): Promise<Invite[]> {
  return db.query.invites.findMany({ orderBy: desc(invites.createdAt), limit: params.limit ?? 200 });
}

/** Revokes an invite that has not been used yet; returns undefined when there is no such open invite. */
export async function revokeInvite(db: Database, id: string): Promise<Invite | undefined> {
  const [row] = await db
    .update(invites)
    .set({ revokedAt: sql`now()`, sealedLink: null })
    .where(and(eq(invites.id, id), isNull(invites.usedAt), isNull(invites.revokedAt)))
    .returning();
  return row;
}

export async function findInviteById(db: Database, id: string): Promise<Invite | undefined> {
  return db.query.invites.findFirst({ where: eq(invites.id, id) });
}

/** Records where an invite's mail stands: queued (with the last attempt's error, if any), sent or failed. */
export async function setInviteMailState(
  db: Database,
  id: string,
  state: InviteMailState,
  error: string | null = null,
): Promise<void> {
  await db
    .update(invites)
    .set({ mailState: state, mailError: error, mailSentAt: state === 'sent' ? sql`now()` : null })
    .where(eq(invites.id, id));
}

/**
 * Marks invites due for their one reminder as `queued` and returns their ids, atomically (two
 * sweeps at once split the rows, never share one): mailed and sent at or before `sentBefore`,
 * still open, never reminded, link still kept. Expired invites are left out by `expiresAt`.
 */
export async function claimDueInviteReminders(
  db: Database,
  params: { sentBefore: Date; limit: number },
): Promise<string[]> {
  const rows = await db.execute<{ id: string }>(sql`
    update ${invites} set reminder_state = 'queued'
    where ${invites.id} in (
      select ${invites.id} from ${invites}
      where ${invites.mailState} = 'sent'
        and ${invites.mailSentAt} <= ${params.sentBefore.toISOString()}
        and ${invites.reminderState} is null
        and ${invites.sealedLink} is not null
        and ${invites.usedAt} is null
        and ${invites.revokedAt} is null
        and ${invites.expiresAt} > now()
      order by ${invites.mailSentAt}
      limit ${params.limit}
      for update skip locked
    )
    returning ${invites.id} as id`);
  return rows.map((row) => row.id);
}

/** Records where an invite's reminder stands; once sent, the sealed link is no longer kept. */
export async function setInviteReminderState(
  db: Database,
  id: string,
  state: InviteMailState,
  error: string | null = null,
): Promise<void> {
  await db
    .update(invites)
    .set(
      state === 'sent'
        ? { reminderState: state, reminderError: null, remindedAt: sql`now()`, sealedLink: null }
        : { reminderState: state, reminderError: error },
    )
    .where(eq(invites.id, id));
}
