import { type Database, listeningStatsOfTracks, listTracksOfSets, type MusicSet } from '@party/db';
import type { ViewerDelivery } from '@party/storage';
import { type DayCounts, fillDays } from './listening-series';

/**
 * A set's listening over the last `days` days (UTC), per track: plays, 30-second plays, distinct
 * listeners (summed per day: a member who listens on three days counts three times), average
 * share of the track heard, downloads per kind, seconds heard per minute (the heatmap) with the
 * track's stored overview peaks (a short-lived URL) to draw it along, and a series per day for
 * the chart. Aggregates only: nothing here names a listener. What admins
 * (`admin.listening.setStats`) and the set's DJ (`listening.setStats`) see alike; the caller has
 * checked that the viewer may.
 */
export async function setListeningStats(
  ctx: { db: Database; delivery: ViewerDelivery; clock?: () => Date },
  set: MusicSet,
  days: number,
) {
  const now = ctx.clock?.() ?? new Date();
  const since = new Date(now.getTime() - (days - 1) * 86_400_000).toISOString().slice(0, 10);
  const tracks = (await listTracksOfSets(ctx.db, [set.id])).filter((t) => t.status === 'ready');
  const stats = await listeningStatsOfTracks(
    ctx.db,
    tracks.map((t) => t.id),
    since,
  );
  const perDay = new Map<string, DayCounts>();
  const bump = (day: string, add: Partial<DayCounts>) => {
    const row = perDay.get(day) ?? { plays: 0, qualifiedPlays: 0, uniqueListeners: 0, downloads: 0 };
    row.plays += add.plays ?? 0;
    row.qualifiedPlays += add.qualifiedPlays ?? 0;
    row.uniqueListeners += add.uniqueListeners ?? 0;
    row.downloads += add.downloads ?? 0;
    perDay.set(day, row);
  };
  for (const d of stats.days) bump(d.day, d);
  for (const d of stats.downloads) bump(d.day, { downloads: d.count });
  // Signed with the wall clock, not `ctx.clock`: the URL must be valid when the browser uses it.
  const signedAt = new Date();
  return {
    since,
    days,
    daily: fillDays(since, days, perDay),
    tracks: await Promise.all(
      tracks.map(async (track) => {
        const own = stats.days.filter((d) => d.trackId === track.id);
        const downloads = stats.downloads.filter((d) => d.trackId === track.id);
        const plays = own.reduce((sum, d) => sum + d.plays, 0);
        const fractionSum = own.reduce((sum, d) => sum + d.fractionSum, 0);
        const count = (kind: string) =>
          downloads.filter((d) => d.kind === kind).reduce((s, d) => s + d.count, 0);
        return {
          id: track.id,
          title: track.title ?? set.title,
          durationSeconds: track.durationSeconds ?? 0,
          plays,
          qualifiedPlays: own.reduce((sum, d) => sum + d.qualifiedPlays, 0),
          uniqueListeners: own.reduce((sum, d) => sum + d.uniqueListeners, 0),
          averageFraction: plays > 0 ? Math.min(1, fractionSum / plays) : null,
          downloads: { original: count('track-original'), flac: count('track-flac') },
          minutes: stats.minutes
            .filter((m) => m.trackId === track.id)
            .map(({ minute, seconds }) => ({ minute, seconds })),
          /** The stored overview peaks (`peaks.json`), to draw the heatmap along the waveform. */
          peaksUrl: track.peaksKey
            ? (
                await ctx.delivery.url(track.peaksKey, {
                  now: signedAt,
                  contentType: 'application/json',
                })
              ).url
            : null,
        };
      }),
    ),
  };
}

/** What `setListeningStats` answers. */
export type SetListeningStats = Awaited<ReturnType<typeof setListeningStats>>;
