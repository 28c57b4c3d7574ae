/*
 * Dates, lengths, sizes and counts with Intl in the active language (see `formatLocale`). Each
 * reads the language when called: a component that calls `useUiT`/an app's `useT` re-renders on a
 * switch and so formats anew.
 */
import { formatLocale } from './setup';
import { uiT } from './use-t';

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function dateFormat(locale: string, style: 'medium' | 'full'): Intl.DateTimeFormat {
  const key = `date|${locale}|${style}`;
  let format = cache.get(key);
  if (!format) {
    // Event dates are calendar days (`YYYY-MM-DD`) without a time zone: formatting them in UTC
    // keeps the day from shifting for viewers west of Greenwich.
    format = new Intl.DateTimeFormat(locale, { dateStyle: style, timeZone: 'UTC' });
    cache.set(key, format);
  }
  return format as Intl.DateTimeFormat;
}

function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `number|${locale}|${JSON.stringify(options)}`;
  let format = cache.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    cache.set(key, format);
  }
  return format as Intl.NumberFormat;
}

/** `2026-07-14` as the active locale writes it: "Jul 14, 2026", "14.07.2026". */
export function formatEventDate(isoDay: string, style: 'medium' | 'full' = 'medium'): string {
  const date = new Date(`${isoDay}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return isoDay;
  return dateFormat(formatLocale(), style).format(date);
}

/** A byte count for people: "820 KB", "14.2 MB" ("14,2 MB" in German). */
export function formatBytes(bytes: number): string {
  const locale = formatLocale();
  const fixed = (value: number, digits: number) =>
    numberFormat(locale, {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
      useGrouping: false,
    }).format(value);
  if (bytes < 1024) return `${fixed(bytes, 0)} B`;
  if (bytes < 1024 ** 2) return `${fixed(Math.round(bytes / 1024), 0)} KB`;
  if (bytes < 1024 ** 3) return `${fixed(bytes / 1024 ** 2, 1)} MB`;
  return `${fixed(bytes / 1024 ** 3, 2)} GB`;
}

/** A count with the locale's digit grouping: "1,234" / "1.234". */
export function formatCount(count: number): string {
  return numberFormat(formatLocale(), {}).format(count);
}

/** A decimal with fixed fraction digits in the active locale: `44.1` / `44,1`. */
export function formatDecimal(value: number, digits: number): string {
  return numberFormat(formatLocale(), {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
}

/** A length as a listing shows it: "45 min", "1 h 12 min", "4 h" ("1 Std. 12 Min."). */
export function formatLength(seconds: number): string {
  const minutes = Math.round(Math.max(0, seconds) / 60);
  if (minutes < 1) return uiT('duration.seconds', { s: Math.max(0, Math.round(seconds)) });
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return uiT('duration.minutes', { m });
  return m === 0 ? uiT('duration.hours', { h }) : uiT('duration.hoursMinutes', { h, m });
}

/** A position read aloud by screen readers: "1 hour 12 minutes 30 seconds" ("1 Stunde 12 Minuten …"). */
export function spokenDuration(seconds: number): string {
  const total = Number.isFinite(seconds) && seconds > 0 ? Math.floor(seconds) : 0;
  const locale = formatLocale();
  const unit = (value: number, name: 'hour' | 'minute' | 'second') =>
    numberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'long' }).format(value);
  const parts: string[] = [];
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h) parts.push(unit(h, 'hour'));
  if (m) parts.push(unit(m, 'minute'));
  if (s || parts.length === 0) parts.push(unit(s, 'second'));
  return parts.join(' ');
}

/**
 * Makes the first date and number formatters ahead of need. A page load's first Intl formatter
 * costs ~50 ms on a slow machine (ICU loads its data); called while the first request is on its
 * way, that time no longer holds up the page the answer renders.
 */
export function warmFormats(): void {
  formatEventDate('2000-01-01');
  spokenDuration(0);
}
