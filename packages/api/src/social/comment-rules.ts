import type { RateWindow } from '@party/db';

/** The longest comment, in characters after trimming (README, Timed comments). */
export const COMMENT_MAX_LENGTH = 500;
/** The longest reason given with a report. */
export const REPORT_REASON_MAX = 300;

/**
 * How many comments one member may post: a burst of a few, and a day's worth that no person
 * writing by hand reaches. Counted in PostgreSQL, so every server process shares the count.
 */
export const COMMENT_RATE_LIMITS: readonly RateWindow[] = [
  { seconds: 60, max: 5 },
  { seconds: 86_400, max: 100 },
];

/**
 * A comment body as stored: plain text, trimmed, line breaks as `\n`, no control characters but
 * line breaks and tabs, at most two blank lines in a row. Empty means there is nothing to post.
 * Nothing is interpreted as markup: the SPA renders it as text.
 */
export function normaliseCommentBody(raw: string): string {
  return (
    raw
      .replace(/\r\n?/g, '\n')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '')
      .replace(/\n{3,}/g, '\n\n')
      .trim()
  );
}
