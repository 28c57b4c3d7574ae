import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { Database, Transaction } from '../client';
import {
  downloadLog,
  listeningBatches,
  listeningSalts,
  trackListeners,
  trackListeningDays,
  trackListeningMinutes,
} from '../schema';

/** What the player heard of one track since its last batch (see the API's `reportListeningSchema`). */
export interface ListeningEntry {
  trackId: string;
  /** When it was heard; decides the day (UTC). */
  at: Date;
  /** A play of this track started in this batch. */
  started: boolean;
  /** This play passed 30 s heard in this batch. */
  qualified: boolean;
  /** How much more of the track (0..1) this play covered in this batch. */
  fraction: number;
  /** Seconds heard per minute of the track (minute 0 = 0:00–0:59). */
  minutes: ReadonlyArray<{ minute: number; seconds: number }>;
}

/** How long a batch may come late (a phone that went offline): older entries are dropped. */
export const LATE_BATCH_DAYS = 7;
const DAY_MS = 86_400_000;

const dayOf = (at: Date) => at.toISOString().slice(0, 10);

/**
 * Adds one batch of a listener's plays to the aggregates, once: a batch id seen before changes
 * nothing. Entries older than `LATE_BATCH_DAYS` or in the future are dropped. The listener is
 * counted once per track and day through a salted hash, only for today and yesterday; older days
 * are already folded into `unique_listeners`, so a late entry for them adds plays and minutes but
 * no listener.
 */
export async function recordListeningBatch(
  db: Database,
  params: { batchId: string; listenerId: string; entries: readonly ListeningEntry[]; now?: Date },
): Promise<{ duplicate: boolean; applied: number; dropped: number }> {
  const now = params.now ?? new Date();
  const oldest = now.getTime() - LATE_BATCH_DAYS * DAY_MS;
  const entries = params.entries.filter(
    (e) => e.at.getTime() >= oldest && e.at.getTime() <= now.getTime() + 300_000,
  );
  const dropped = params.entries.length - entries.length;
  return db.transaction(async (tx) => {
    const fresh = await tx
      .insert(listeningBatches)
      .values({ id: params.batchId, receivedAt: now })
      .onConflictDoNothing()
      .returning({ id: listeningBatches.id });
    if (fresh.length === 0) return { duplicate: true, applied: 0, dropped: 0 };
    await foldListeningDays(tx, now);

    // One row per key: ON CONFLICT cannot touch the same row twice in one statement.
    const days = new Map<string, typeof trackListeningDays.$inferInsert>();
    const minutes = new Map<string, typeof trackListeningMinutes.$inferInsert>();
    for (const entry of entries) {
      const day = dayOf(entry.at);
      const dayKey = `${entry.trackId}|${day}`;
      const d = days.get(dayKey) ?? {
        trackId: entry.trackId,
        day,
        plays: 0,
        qualifiedPlays: 0,
        fractionSum: 0,
      };
      d.plays = (d.plays ?? 0) + (entry.started ? 1 : 0);
      d.qualifiedPlays = (d.qualifiedPlays ?? 0) + (entry.qualified ? 1 : 0);
      d.fractionSum = (d.fractionSum ?? 0) + entry.fraction;
      days.set(dayKey, d);
      for (const { minute, seconds } of entry.minutes) {
        const key = `${dayKey}|${minute}`;
        const m = minutes.get(key) ?? { trackId: entry.trackId, day, minute, seconds: 0 };
        m.seconds = (m.seconds ?? 0) + seconds;
        minutes.set(key, m);
      }
    }
    if (days.size > 0) {
      await tx
        .insert(trackListeningDays)
        .values([...days.values()])
        .onConflictDoUpdate({
          target: [trackListeningDays.trackId, trackListeningDays.day],
          set: {
            plays: sql`${trackListeningDays.plays} + excluded.plays`,
            qualifiedPlays: sql`${trackListeningDays.qualifiedPlays} + excluded.qualified_plays`,
            fractionSum: sql`${trackListeningDays.fractionSum} + excluded.fraction_sum`,
          },
        });
    }
    if (minutes.size > 0) {
      await tx
        .insert(trackListeningMinutes)
        .values([...minutes.values()])
        .onConflictDoUpdate({
          target: [trackListeningMinutes.trackId, trackListeningMinutes.day, trackListeningMinutes.minute],
          set: { seconds: sql`${trackListeningMinutes.seconds} + excluded.seconds` },
        });
    }
    const countable = [...days.values()].filter((d) => d.day >= dayOf(new Date(now.getTime() - DAY_MS)));
    if (countable.length > 0) {
      const keys = [];
      for (const d of countable) {
        const salt = await saltOf(tx, d.day);
        const listenerKey = createHash('sha256').update(`${salt}:${params.listenerId}`).digest('base64url');
        keys.push({ trackId: d.trackId, day: d.day, listenerKey });
      }
      await tx.insert(trackListeners).values(keys).onConflictDoNothing();
    }
    return { duplicate: false, applied: entries.length, dropped };
  });
}

async function saltOf(tx: Transaction, day: string): Promise<string> {
  await tx
    .insert(listeningSalts)
    .values({ day, salt: randomBytes(24).toString('base64url') })
    .onConflictDoNothing();
  const [row] = await tx.select().from(listeningSalts).where(eq(listeningSalts.day, day));
  if (!row) throw new Error(`no listening salt for ${day}`);
  return row.salt;
}

/**
 * Days before yesterday: their distinct listeners become a number on the day's row, and the
 * listener keys and the day's salt are deleted, so nothing links a person to a day's listening any
 * more. Batch ids older than a batch may come late go too. Serialised by an advisory lock: two
 * processes never count a day twice.
 */
async function foldListeningDays(tx: Transaction, now: Date): Promise<void> {
  const cutoff = dayOf(new Date(now.getTime() - DAY_MS));
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('listening-fold'))`);
  await tx.execute(sql`
    update ${trackListeningDays} d set unique_listeners = d.unique_listeners + f.n
    from (select track_id, day, count(*)::int as n from ${trackListeners} where day < ${cutoff} group by track_id, day) f
    where d.track_id = f.track_id and d.day = f.day`);
  await tx.delete(trackListeners).where(lt(trackListeners.day, cutoff));
  await tx.delete(listeningSalts).where(lt(listeningSalts.day, cutoff));
  await tx
    .delete(listeningBatches)
    .where(lt(listeningBatches.receivedAt, new Date(now.getTime() - (LATE_BATCH_DAYS + 1) * DAY_MS)));
}

/**
 * Aggregates for admins: per track and day (plays, 30-second plays, average fraction heard,
 * distinct listeners), seconds heard per minute over the range, and downloads per kind and day.
 * Nothing here names a person.
 */
export async function listeningStatsOfTracks(db: Database, trackIds: string[], since: string) {
  if (trackIds.length === 0) return { days: [], minutes: [], downloads: [] };
  const [days, minutes, downloads] = await Promise.all([
    db
      .select({
        trackId: trackListeningDays.trackId,
        day: trackListeningDays.day,
        plays: trackListeningDays.plays,
        qualifiedPlays: trackListeningDays.qualifiedPlays,
        fractionSum: trackListeningDays.fractionSum,
        // Folded days carry their count; today and yesterday are counted from the live keys.
        uniqueListeners: sql<number>`(${trackListeningDays.uniqueListeners} + (select count(*) from ${trackListeners} l where l.track_id = ${trackListeningDays.trackId} and l.day = ${trackListeningDays.day}))::int`,
      })
      .from(trackListeningDays)
      .where(and(inArray(trackListeningDays.trackId, trackIds), gte(trackListeningDays.day, since)))
      .orderBy(trackListeningDays.day),
    db
      .select({
        trackId: trackListeningMinutes.trackId,
        minute: trackListeningMinutes.minute,
        seconds: sql<number>`sum(${trackListeningMinutes.seconds})::float8`,
      })
      .from(trackListeningMinutes)
      .where(and(inArray(trackListeningMinutes.trackId, trackIds), gte(trackListeningMinutes.day, since)))
      .groupBy(trackListeningMinutes.trackId, trackListeningMinutes.minute)
      .orderBy(trackListeningMinutes.minute),
    db
      .select({
        trackId: sql<string>`${downloadLog.trackId}`,
        kind: downloadLog.kind,
        day: sql<string>`to_char(${downloadLog.createdAt} at time zone 'UTC', 'YYYY-MM-DD')`,
        count: sql<number>`count(*)::int`,
      })
      .from(downloadLog)
      .where(
        and(
          inArray(downloadLog.trackId, trackIds),
          gte(downloadLog.createdAt, new Date(`${since}T00:00:00Z`)),
        ),
      )
      .groupBy(downloadLog.trackId, downloadLog.kind, sql`3`),
  ]);
  return { days, minutes, downloads };
}
