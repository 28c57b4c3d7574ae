import { and, desc, eq, gte, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '../client';
import { events, images, type TakedownState, takedownRequests, user } from '../schema';

export type TakedownRequest = typeof takedownRequests.$inferSelect;

/** What an admin decides about a hidden photo. */
export type TakedownDecision = 'keep-hidden' | 'delete' | 'restore';

const STATE_OF: Record<TakedownDecision, TakedownState> = {
  'keep-hidden': 'kept-hidden',
  delete: 'deleted',
  restore: 'restored',
};

/** Requests an admin can still decide on: `open` ones, and `kept-hidden` ones (an admin may change their mind). */
const UNDECIDED_OR_KEPT: TakedownState[] = ['open', 'kept-hidden'];

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Records a member's request to hide a photo and hides the photo in the same transaction, so it is
 * gone for members the moment the request exists. At most `limitPerDay` requests per requester in
 * any 24 hours: the count and the insert run under a per-requester lock, so parallel requests
 * cannot slip past it.
 */
export async function requestTakedown(
  db: Database,
  params: {
    image: { id: string; eventId: string };
    requesterId: string;
    reason: string | null;
    limitPerDay: number;
    now?: Date;
  },
): Promise<{ ok: true; request: TakedownRequest } | { ok: false; reason: 'limit' }> {
  const now = params.now ?? new Date();
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('takedown:' || ${params.requesterId}))`);
    const [{ value: recent } = { value: 0 }] = await tx
      .select({ value: sql<number>`count(*)::int` })
      .from(takedownRequests)
      .where(
        and(
          eq(takedownRequests.requesterId, params.requesterId),
          gte(takedownRequests.createdAt, new Date(now.getTime() - DAY_MS)),
        ),
      );
    if (recent >= params.limitPerDay) return { ok: false, reason: 'limit' } as const;
    const [request] = await tx
      .insert(takedownRequests)
      .values({
        imageId: params.image.id,
        eventId: params.image.eventId,
        requesterId: params.requesterId,
        reason: params.reason,
        createdAt: now,
      })
      .returning();
    if (!request) throw new Error('insert into takedown_requests returned no row');
    await tx
      .update(images)
      .set({ hiddenAt: sql`coalesce(${images.hiddenAt}, ${now.toISOString()}::timestamptz)` })
      .where(eq(images.id, params.image.id));
    return { ok: true, request } as const;
  });
}

/** A member's own requests, newest first, with the event they were about (no photo: it is hidden). */
export async function listTakedownsOfRequester(db: Database, requesterId: string) {
  return db
    .select({
      id: takedownRequests.id,
      state: takedownRequests.state,
      reason: takedownRequests.reason,
      adminNote: takedownRequests.adminNote,
      createdAt: takedownRequests.createdAt,
      decidedAt: takedownRequests.decidedAt,
      event: { title: events.title, eventDate: events.eventDate },
    })
    .from(takedownRequests)
    .leftJoin(events, eq(events.id, takedownRequests.eventId))
    .where(eq(takedownRequests.requesterId, requesterId))
    .orderBy(desc(takedownRequests.createdAt));
}

const decider = alias(user, 'decider');

/** The admins' queue: requests (open first, then newest) with who asked, the event and the photo row. */
export async function listTakedownsForAdmin(db: Database, params: { states?: TakedownState[] } = {}) {
  return db
    .select({
      request: takedownRequests,
      requester: { id: user.id, name: user.name, email: user.email },
      decidedByName: decider.name,
      event: { id: events.id, title: events.title, slug: events.slug, eventDate: events.eventDate },
      image: images,
    })
    .from(takedownRequests)
    .leftJoin(user, eq(user.id, takedownRequests.requesterId))
    .leftJoin(decider, eq(decider.id, takedownRequests.decidedBy))
    .leftJoin(events, eq(events.id, takedownRequests.eventId))
    .leftJoin(images, eq(images.id, takedownRequests.imageId))
    .where(params.states ? inArray(takedownRequests.state, params.states) : undefined)
    .orderBy(sql`${takedownRequests.state} = 'open' desc`, desc(takedownRequests.createdAt))
    .limit(500);
}

export async function findTakedownById(db: Database, id: string): Promise<TakedownRequest | undefined> {
  return db.query.takedownRequests.findFirst({ where: eq(takedownRequests.id, id) });
}

/**
 * Applies an admin's decision to every open or kept-hidden request of the request's photo (several
 * members may have asked about one photo; each sees the same outcome and note). `restore` shows the
 * photo again; `keep-hidden` leaves it hidden; for `delete` the caller removes the photo (objects
 * first, rows after) once this returns. Undefined when the request is missing, already restored or
 * deleted, or its photo is gone.
 */
export async function decideTakedown(
  db: Database,
  params: { id: string; decision: TakedownDecision; note: string | null; adminId: string; now?: Date },
): Promise<{ imageId: string; requests: number } | undefined> {
  const now = params.now ?? new Date();
  return db.transaction(async (tx) => {
    const [request] = await tx
      .select()
      .from(takedownRequests)
      .where(eq(takedownRequests.id, params.id))
      .for('update');
    if (!request?.imageId || !UNDECIDED_OR_KEPT.includes(request.state)) return undefined;
    const decided = await tx
      .update(takedownRequests)
      .set({
        state: STATE_OF[params.decision],
        adminNote: params.note,
        decidedBy: params.adminId,
        decidedAt: now,
      })
      .where(
        and(
          eq(takedownRequests.imageId, request.imageId),
          inArray(takedownRequests.state, UNDECIDED_OR_KEPT),
        ),
      )
      .returning({ id: takedownRequests.id });
    if (params.decision === 'restore') {
      await tx.update(images).set({ hiddenAt: null }).where(eq(images.id, request.imageId));
    }
    return { imageId: request.imageId, requests: decided.length };
  });
}

/**
 * Whether this object key belongs to a photo hidden by a takedown (its original or a variant). The
 * `/media` proxy asks this on every request, so a hidden photo stops streaming at once even through
 * a proxy URL handed out before it was hidden.
 */
export async function isHiddenImageKey(db: Database, key: string): Promise<boolean> {
  const rows = await db.execute<{ hit: number }>(sql`
    select 1 as hit from images i
    where i.hidden_at is not null
      and (i.original_key = ${key}
        or exists (select 1 from image_variants v where v.image_id = i.id and v.key = ${key}))
    limit 1`);
  return rows.length > 0;
}
