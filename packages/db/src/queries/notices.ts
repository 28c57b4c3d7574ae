import { eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../client';
import {
  events,
  images,
  musicSets,
  type NoticeKind,
  type NoticeState,
  notices,
  tracks,
  user,
} from '../schema';
import { visibleToMemberIn } from './visibility';

/**
 * SQL: the member in `user.id` can see the item now. A gallery counts once one ready photo of the
 * event is visible to them; a set once it is visible and has a ready track. The same rule as every
 * member read (`visibleTo`), takedowns included.
 */
function canSee(kind: NoticeKind, itemId: unknown) {
  return kind === 'gallery'
    ? sql`exists (select 1 from ${images} where ${images.eventId} = ${itemId} and ${images.status} = 'ready' and ${visibleToMemberIn(user.id, images)})`
    : sql`exists (select 1 from ${musicSets} where ${musicSets.id} = ${itemId} and ${visibleToMemberIn(user.id, musicSets)} and exists (select 1 from ${tracks} where ${tracks.setId} = ${musicSets.id} and ${tracks.status} = 'ready'))`;
}

/**
 * Records one `queued` notice per member who can see the item now, has notices on and an enabled
 * account, and was never noticed about it before (the unique key). Returns the new notices' ids.
 * Admins are not told: they see every draft and published it themselves.
 */
export async function queueNotices(
  db: Database,
  params: { kind: NoticeKind; itemId: string },
): Promise<string[]> {
  const rows = await db.execute<{ id: string }>(sql`
    insert into ${notices} (kind, item_id, user_id)
    select ${params.kind}, ${params.itemId}::uuid, ${user.id} from ${user}
    where ${user.role} = 'member' and not ${user.disabled} and ${user.mailNotices}
      and ${canSee(params.kind, sql`${params.itemId}::uuid`)}
    on conflict do nothing
    returning id`);
  return rows.map((row) => row.id);
}

export interface NoticeToSend {
  id: string;
  kind: NoticeKind;
  itemId: string;
  state: NoticeState;
  userId: string;
  email: string;
  /** Still wanted and visible: notices on, account enabled, the item still visible to them. */
  wanted: boolean;
  /** The event's or the set's title. */
  title: string;
  /** The set's artist; null for a gallery. */
  artist: string | null;
  /** The event's slug (gallery address); null for a set. */
  slug: string | null;
}

/** The notices of one batch with what their mails need, checked again at sending time. */
export async function loadNotices(db: Database, ids: string[]): Promise<NoticeToSend[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({
      id: notices.id,
      kind: notices.kind,
      itemId: notices.itemId,
      state: notices.state,
      userId: user.id,
      email: user.email,
      wanted: sql<boolean>`(${user.mailNotices} and not ${user.disabled} and case ${notices.kind}
        when 'gallery' then ${canSee('gallery', notices.itemId)}
        else ${canSee('set', notices.itemId)} end)`,
      title: sql<string | null>`coalesce(${events.title}, ${musicSets.title})`,
      artist: musicSets.artist,
      slug: events.slug,
    })
    .from(notices)
    .innerJoin(user, eq(user.id, notices.userId))
    .leftJoin(events, sql`${notices.kind} = 'gallery' and ${events.id} = ${notices.itemId}`)
    .leftJoin(musicSets, sql`${notices.kind} = 'set' and ${musicSets.id} = ${notices.itemId}`)
    .where(inArray(notices.id, ids));
  return rows.map((row) => ({ ...row, wanted: row.wanted && row.title !== null, title: row.title ?? '' }));
}

export async function setNoticeState(
  db: Database,
  id: string,
  state: NoticeState,
  error: string | null = null,
): Promise<void> {
  await db
    .update(notices)
    .set({ state, error, sentAt: state === 'sent' ? sql`now()` : null })
    .where(eq(notices.id, id));
}

/** Turns "new gallery / new set" mails on or off for one person; false when there is no such account. */
export async function setMailNotices(db: Database, userId: string, on: boolean): Promise<boolean> {
  const rows = await db
    .update(user)
    .set({ mailNotices: on, updatedAt: new Date() })
    .where(eq(user.id, userId))
    .returning({ id: user.id });
  return rows.length > 0;
}

/** The events of these photos (to tell people about each event's gallery once). */
export async function eventIdsOfImages(db: Database, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectDistinct({ eventId: images.eventId })
    .from(images)
    .where(inArray(images.id, ids));
  return rows.map((row) => row.eventId);
}
