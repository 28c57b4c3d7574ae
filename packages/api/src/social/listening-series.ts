/** What the chart shows for one day. */
export interface DayCounts {
  plays: number;
  qualifiedPlays: number;
  uniqueListeners: number;
  downloads: number;
}

/** Every day from `since` (YYYY-MM-DD, UTC) for `days` days, zeros where nothing happened. */
export function fillDays(since: string, days: number, counts: ReadonlyMap<string, DayCounts>) {
  const start = Date.parse(`${since}T00:00:00Z`);
  return Array.from({ length: days }, (_, i) => {
    const day = new Date(start + i * 86_400_000).toISOString().slice(0, 10);
    return { day, ...(counts.get(day) ?? { plays: 0, qualifiedPlays: 0, uniqueListeners: 0, downloads: 0 }) };
  });
}
