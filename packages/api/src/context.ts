import type { S3Client } from '@aws-sdk/client-s3';
import type { Database, Role } from '@party/db';
import type { JobQueue } from '@party/jobs';
import type { MediaDelivery, ViewerDelivery } from '@party/storage';
import type { Auth } from './auth/create-auth';

/** The signed-in person as procedures see them. */
export interface Viewer {
  id: string;
  email: string;
  name: string;
  role: Role;
}

/** The private bucket. */
export interface MediaBucket {
  client: S3Client;
  bucket: string;
}

export interface Context {
  db: Database;
  /**
   * Turns an object key into a short-lived URL for this viewer, after the procedure checked that
   * they may see it: presigned S3 GET or `/media/<token>` (`DELIVERY_MODE`). The only way
   * procedures hand out media.
   */
  delivery: ViewerDelivery;
  /**
   * The bucket itself, for the one small deletion a procedure does in place (a set's cover: object
   * first, then the column). Anything bulkier, or anything that must be retried, goes through a job.
   */
  storage: MediaBucket;
  jobs: JobQueue;
  /** Null when the request carries no valid session. */
  viewer: Viewer | null;
  /** Public origin of the app, for links such as invite URLs. */
  publicUrl: string;
  /** Outgoing mail; absent means off (invite links are copied by hand). */
  mail?: MailServices;
}

/** A message held by the local SMTP catch-all (development, no `SMTP_URL`). */
export interface CaughtMailView {
  id: string;
  receivedAt: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string | null;
}

/** What procedures know about outgoing mail. */
export interface MailServices {
  /** `smtp`: `SMTP_URL` is set; `local`: the catch-all receives everything; `off`: nothing is sent. */
  mode: 'smtp' | 'local' | 'off';
  /** Key that seals invite links inside mail jobs (`inviteLinkKey(authSecret)`). */
  linkKey: Buffer;
  /** The catch-all's messages, newest first; only in `local` mode. */
  caught?: () => Promise<CaughtMailView[]>;
}

/** The signed-in person behind a request's session cookie, or null (also for disabled accounts). */
export async function resolveViewer(auth: Auth, headers: Headers): Promise<Viewer | null> {
  const result = await auth.api.getSession({ headers });
  const user = result?.user;
  if (!user || user.disabled) return null;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role === 'admin' ? 'admin' : 'member',
  };
}

/** What the server hands every request's context. */
export interface ContextServices {
  db: Database;
  auth: Auth;
  delivery: MediaDelivery;
  storage: MediaBucket;
  jobs: JobQueue;
  publicUrl: string;
  /**
   * Origins that stand in for `publicUrl` in links when a request comes from one of them (no
   * `PUBLIC_URL` set: an admin on 127.0.0.1 gets 127.0.0.1 links, not localhost ones).
   */
  linkOrigins?: string[];
  mail?: MailServices;
}

/** The origin links should use for this request: the caller's own when it is one we serve. */
export function linkBaseFor(
  deps: Pick<ContextServices, 'publicUrl' | 'linkOrigins'>,
  headers: Headers,
): string {
  const origin = headers.get('origin');
  return origin && deps.linkOrigins?.includes(origin) ? origin : deps.publicUrl;
}

/** Builds the tRPC context for one request from its headers (session cookie). */
export async function createContext(deps: ContextServices & { headers: Headers }): Promise<Context> {
  const viewer = await resolveViewer(deps.auth, deps.headers);
  return {
    db: deps.db,
    delivery: deps.delivery.forViewer(viewer?.id ?? null),
    storage: deps.storage,
    jobs: deps.jobs,
    viewer,
    publicUrl: linkBaseFor(deps, deps.headers),
    mail: deps.mail,
  };
}
