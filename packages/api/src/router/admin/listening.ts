import { findMusicSet, listeningStatsOfTracks, listTracksOfSets } from '@party/db';
import { TRPCError } from '@trpc/server';
import { listeningStatsSchema } from '../../schemas/listening-stats';
import { type DayCounts, fillDays } from '../../social/listening-series';
import { adminProcedure, router } from '../../trpc';

export const adminListeningRouter = router({
  /**
   * A set's listening over the last `days` days (UTC), per track: plays, 30-second plays, distinct
   * listeners (summed per day: a member who listens on three days counts three times), average
   * share of the track heard, downloads per kind, seconds heard per minute (the heatmap), and a
   * series per day for the chart. Aggregates only: nothing here names a listener.
   */
  setStats: adminProcedure.input(listeningStatsSchema).query(async ({ ctx, input }) => {
    const set = await findMusicSet(ctx.db, input.setId);
    if (!set) throw new TRPCError({ code: 'NOT_FOUND', message: 'There is no such music set.' });
    const now = ctx.clock?.() ?? new Date();
    const since = new Date(now.getTime() - (input.days - 1) * 86_400_000).toISOString().slice(0, 10);
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
    return {
      since,
      days: input.days,
      daily: fillDays(since, input.days, perDay),
      tracks: tracks.map((track) => {
        const days = stats.days.filter((d) => d.trackId === track.id);
        const downloads = stats.downloads.filter((d) => d.trackId === track.id);
        const plays = days.reduce((sum, d) => sum + d.plays, 0);
        const fractionSum = days.reduce((sum, d) => sum + d.fractionSum, 0);
        const count = (kind: string) =>
          downloads.filter((d) => d.kind === kind).reduce((s, d) => s + d.count, 0);
        return {
          id: track.id,
          title: track.title ?? set.title,
          durationSeconds: track.durationSeconds ?? 0,
          plays,
          qualifiedPlays: days.reduce((sum, d) => sum + d.qualifiedPlays, 0),
          uniqueListeners: days.reduce((sum, d) => sum + d.uniqueListeners, 0),
          averageFraction: plays > 0 ? Math.min(1, fractionSum / plays) : null,
          downloads: { original: count('track-original'), flac: count('track-flac') },
          minutes: stats.minutes
            .filter((m) => m.trackId === track.id)
            .map(({ minute, seconds }) => ({ minute, seconds })),
        };
      }),
    };
  }),
});
