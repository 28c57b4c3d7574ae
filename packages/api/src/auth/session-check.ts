import { createHmac, timingSafeEqual } from 'node:crypto';
import { type Database, findSessionWithUser } from '@party/db';

/** The signed-in person behind a session, as the session check finds them. */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: string;
  disabled: boolean;
}

/** What the fast path needs to know of better-auth's configuration (read once from `auth.$context`). */
export interface SessionCheckConfig {
  sessionCookieName: string;
  dontRememberCookieName: string;
  secret: string;
  /** Seconds; the session's lifetime and how old it may get before better-auth extends it. */
  expiresIn: number;
  updateAge: number;
  /** better-auth's cookie cache or disabled refreshes: anything but the defaults goes to better-auth. */
  standard: boolean;
}

/**
 * `fast`: the answer of better-auth's `getSession` for this request, found with one statement.
 * `delegate`: a case the fast path does not decide (expired or due-for-refresh session, "don't
 * remember me", a signature it cannot read); better-auth's own `getSession` answers it.
 */
export type SessionCheckResult = { kind: 'fast'; user: SessionUser | null } | { kind: 'delegate' };

/** Cookie header parsing exactly as better-call does it: first occurrence wins, quotes stripped, %-decoded. */
export function readCookie(header: string, name: string): string | undefined {
  let index = 0;
  while (index < header.length) {
    const eq = header.indexOf('=', index);
    if (eq === -1) return undefined;
    let end = header.indexOf(';', index);
    if (end === -1) end = header.length;
    else if (end < eq) {
      index = header.lastIndexOf(';', eq - 1) + 1;
      continue;
    }
    if (header.slice(index, eq).trim() === name) {
      let value = header.slice(eq + 1, end).trim();
      if (value.codePointAt(0) === 34) value = value.slice(1, -1);
      if (!value.includes('%')) return value;
      try {
        return decodeURIComponent(value);
      } catch {
        return value;
      }
    }
    index = end + 1;
  }
  return undefined;
}

/**
 * The session token in a signed cookie value (`<token>.<base64 HMAC-SHA256>`), or null when the
 * value is not a signed token (better-call's `getSignedCookie` returns null then too), or
 * `undefined` when the signature does not match in its canonical form (left to better-auth, whose
 * base64 decoding is more lenient).
 */
export function verifySignedToken(value: string, secret: string): string | null | undefined {
  const dot = value.lastIndexOf('.');
  if (dot < 1) return null;
  const token = value.slice(0, dot);
  const signature = value.slice(dot + 1);
  if (signature.length !== 44 || !signature.endsWith('=')) return null;
  const expected = createHmac('sha256', secret).update(token).digest('base64');
  const matches =
    expected.length === signature.length && timingSafeEqual(Buffer.from(expected), Buffer.from(signature));
  return matches ? token : undefined;
}

/**
 * The per-request session check in one indexed statement (session joined with its user), instead
 * of better-auth's `getSession` (a webcrypto signature check and several statements). It gives the
 * same answer as `getSession` or none: every case where better-auth would write (delete an expired
 * session, extend one older than `updateAge`) or reads other cookies goes to better-auth. No cache:
 * a disabled account, a changed role or an ended session count from the very next request.
 */
export async function checkSession(
  db: Database,
  config: SessionCheckConfig,
  cookieHeader: string | null,
  now = Date.now(),
): Promise<SessionCheckResult> {
  if (!config.standard) return { kind: 'delegate' };
  if (!cookieHeader) return { kind: 'fast', user: null };
  const signed = readCookie(cookieHeader, config.sessionCookieName);
  if (!signed) return { kind: 'fast', user: null };
  const token = verifySignedToken(signed, config.secret);
  if (token === null) return { kind: 'fast', user: null };
  if (token === undefined) return { kind: 'delegate' };
  if (readCookie(cookieHeader, config.dontRememberCookieName) !== undefined) return { kind: 'delegate' };
  const row = await findSessionWithUser(db, token);
  if (!row) return { kind: 'fast', user: null };
  const expiresAt = row.expiresAt.getTime();
  const dueForRefresh = expiresAt - config.expiresIn * 1000 + config.updateAge * 1000 <= now;
  if (expiresAt < now || dueForRefresh) return { kind: 'delegate' };
  return {
    kind: 'fast',
    user: { id: row.userId, email: row.email, name: row.name, role: row.role, disabled: row.disabled },
  };
}
