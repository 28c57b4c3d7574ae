// Event dates are calendar days (`YYYY-MM-DD`) without a time zone: formatting them in UTC keeps
// the day from shifting for viewers west of Greenwich.
const eventDay = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
const eventDayLong = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeZone: 'UTC' });

/** `2026-07-14` as the viewer's locale writes it, e.g. "Jul 14, 2026". */
export function formatEventDate(isoDay: string, style: 'medium' | 'full' = 'medium'): string {
  const date = new Date(`${isoDay}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return isoDay;
  return (style === 'full' ? eventDayLong : eventDay).format(date);
}

/** A byte count for people: "820 KB", "14.2 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${Math.round(bytes / 1024)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}

/** "1 photo", "12 photos". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString()} ${count === 1 ? one : many}`;
}
