import { sql } from 'drizzle-orm';
import type { Database } from '../client';

/** How many of each kind the admin Overview lists at most (its lists link on to the full pages). */
export const OVERVIEW_LIMIT = 8;

/** An upload counts as in progress while bytes arrived within this window (older ones are stalled). */
const UPLOAD_ACTIVE_HOURS = 24;

export interface OverviewCounts {
  events: number;
  /** Photos and tracks ever uploaded (any status but deleting). */
  media: number;
  /** Photos and tracks that members or attendees can see. */
  published: number;
  invites: number;
  openInvites: number;
  uploadsInProgress: number;
  processing: number;
}

/** An event or set that needs the admin: ready but unpublished items, or failed ones. */
export interface OverviewAttention {
  kind: 'event' | 'set';
  id: string;
  title: string;
  /** Ready items still in draft. */
  drafts: number;
  /** Items whose processing failed (duplicates excluded: they are flagged on purpose). */
  failed: number;
}

export interface OverviewActivity {
  kind: 'event' | 'set' | 'photos' | 'member' | 'invite';
  /** The event or set to link to; null for members and invites. */
  id: string | null;
  title: string;
  /** How many photos, for `photos`. */
  count: number;
  at: Date;
}

/** The first event (newest) and set, for the first-steps links. */
export interface OverviewFirst {
  eventId: string | null;
}

/**
 * Everything the admin Overview shows, in three queries (counts, attention, activity), so the
 * page costs the same for an empty installation and for one with thousands of photos.
 */
export async function loadOverview(db: Database, now = new Date()) {
  const since = new Date(now.getTime() - UPLOAD_ACTIVE_HOURS * 3600 * 1000);
  const [counts] = await db.execute<{
    events: number;
    media: number;
    published: number;
    invites: number;
    open_invites: number;
    uploads_in_progress: number;
    processing: number;
    first_event_id: string | null;
  }>(sql`
      select
        (select count(*)::int from events) as events,
        (select count(*)::int from images where status <> 'deleting')
          + (select count(*)::int from tracks where status <> 'deleting') as media,
        (select count(*)::int from images where visibility <> 'draft' and status = 'ready')
          + (select count(*)::int from tracks t join music_sets s on s.id = t.set_id
             where s.visibility <> 'draft' and t.status = 'ready') as published,
        (select count(*)::int from invites) as invites,
        (select count(*)::int from invites
          where used_at is null and revoked_at is null and expires_at > ${now.toISOString()}) as open_invites,
        (select count(*)::int from uploads
          where status = 'uploading' and updated_at > ${since.toISOString()}) as uploads_in_progress,
        (select count(*)::int from images where status = 'processing')
          + (select count(*)::int from tracks where status = 'processing') as processing,
        (select id from events order by event_date desc, created_at desc limit 1) as first_event_id
    `);

  const attention = await db.execute<{
    kind: 'event' | 'set';
    id: string;
    title: string;
    drafts: number;
    failed: number;
  }>(sql`
      select * from (
        select 'event' as kind, e.id, e.title,
          count(i.id) filter (where i.status = 'ready' and i.visibility = 'draft')::int as drafts,
          count(i.id) filter (where i.status = 'failed' and i.duplicate_of is null)::int as failed,
          max(i.created_at) as latest
        from events e join images i on i.event_id = e.id
        group by e.id
        union all
        select 'set' as kind, s.id, s.title,
          (case when s.visibility = 'draft' then count(t.id) filter (where t.status = 'ready') else 0 end)::int,
          count(t.id) filter (where t.status = 'failed')::int,
          max(t.created_at)
        from music_sets s join tracks t on t.set_id = s.id
        group by s.id
      ) a
      where drafts > 0 or failed > 0
      order by failed desc, latest desc
      limit ${OVERVIEW_LIMIT}
    `);

  // Photos are reported per event and day: an upload of 300 photos is one line, not 300.
  const activity = await db.execute<{
    kind: OverviewActivity['kind'];
    id: string | null;
    title: string;
    count: number;
    at: string;
  }>(sql`
      select * from (
        (select 'event' as kind, id::text as id, title, 0 as count, created_at as at
          from events order by created_at desc limit ${OVERVIEW_LIMIT})
        union all
        (select 'set', id::text, title, 0, created_at from music_sets order by created_at desc limit ${OVERVIEW_LIMIT})
        union all
        (select 'photos', e.id::text, e.title, count(*)::int, max(i.created_at)
          from images i join events e on e.id = i.event_id
          where i.status <> 'deleting'
          group by e.id, e.title, date_trunc('day', i.created_at)
          order by max(i.created_at) desc limit ${OVERVIEW_LIMIT})
        union all
        (select 'member', null, name, 0, created_at from "user" order by created_at desc limit ${OVERVIEW_LIMIT})
        union all
        (select 'invite', null, coalesce(email, ''), 0, created_at from invites
          order by created_at desc limit ${OVERVIEW_LIMIT})
      ) a
      order by at desc
      limit ${OVERVIEW_LIMIT}
    `);

  return {
    counts: {
      events: Number(counts?.events ?? 0),
      media: Number(counts?.media ?? 0),
      published: Number(counts?.published ?? 0),
      invites: Number(counts?.invites ?? 0),
      openInvites: Number(counts?.open_invites ?? 0),
      uploadsInProgress: Number(counts?.uploads_in_progress ?? 0),
      processing: Number(counts?.processing ?? 0),
    } satisfies OverviewCounts,
    first: { eventId: counts?.first_event_id ?? null } satisfies OverviewFirst,
    attention: attention.map(
      (row): OverviewAttention => ({
        kind: row.kind,
        id: row.id,
        title: row.title,
        drafts: Number(row.drafts),
        failed: Number(row.failed),
      }),
    ),
    activity: activity.map(
      (row): OverviewActivity => ({
        kind: row.kind,
        id: row.id,
        title: row.title,
        count: Number(row.count),
        at: new Date(row.at),
      }),
    ),
  };
}
