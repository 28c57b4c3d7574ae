import type { S3Client } from '@aws-sdk/client-s3';
import type { Database, Role } from '@party/db';
import type { JobQueue, QueueInspector } from '@party/jobs';
import type { MediaDelivery, ViewerDelivery } from '@party/storage';
import { type Auth, sessionCheckOf } from './auth/create-auth';
import { checkSession } from './auth/session-check';
import { shareViewerId } from './share/share-viewer';

/** Where procedures read the time; tests inject one to expire share links without waiting. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

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
  /** The time for share-link expiry and logs; the system clock when unset. */
  clock?: Clock;
  /**
   * Media URLs for a guest of a share link (`share.*`, after the link and visibility were checked):
   * proxy tokens name the link instead of an account, and `/media` checks that the link still opens.
   */
  guestDelivery?: (linkId: string) => ViewerDelivery;
  /** Which parts of the ticketing integration are configured; absent: none. */
  integration?: IntegrationConfig;
  /** What the admin System page reads about the installation; absent: only database facts. */
  system?: SystemServices;
}

/** The running installation, as the admin System page sees it. */
export interface SystemServices {
  /** The app's release (the server package's version). */
  appVersion: string;
  /** The job queues: counts by kind and retrying failed jobs. */
  queues?: QueueInspector;
  /** The `/media` disk cache of the process that answers; null when it has none. */
  mediaCache?: () => { usedBytes: number; reservedBytes: number; files: number; maxBytes: number } | null;
}

/** Which parts of the ticketing backend integration this installation has configured. */
export interface IntegrationConfig {
  /** `TICKETING_WEBHOOK_SECRET` is set: `POST /hooks/ticketing` accepts deliveries. */
  webhooks: boolean;
  /** `TICKETING_API_URL` and `TICKETING_API_TOKEN` are set: reconciliation can pull. */
  pull: boolean;
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

/**
 * The signed-in person behind a request's session cookie, or null (also for disabled accounts).
 * One statement per request where the session check can decide (`session-check.ts`), better-auth's
 * `getSession` otherwise; both give the same answer.
 */
export async function resolveViewer(auth: Auth, headers: Headers): Promise<Viewer | null> {
  const fast = sessionCheckOf(auth);
  const config = fast ? await fast.config : null;
  const checked =
    fast && config
      ? await checkSession(fast.db, config, headers.get('cookie'))
      : ({ kind: 'delegate' } as const);
  const user = checked.kind === 'fast' ? checked.user : (await auth.api.getSession({ headers }))?.user;
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
  clock?: Clock;
  integration?: IntegrationConfig;
  /**
   * Origins that stand in for `publicUrl` in links when a request comes from one of them (no
   * `PUBLIC_URL` set: an admin on 127.0.0.1 gets 127.0.0.1 links, not localhost ones).
   */
  linkOrigins?: string[];
  mail?: MailServices;
  system?: SystemServices;
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
    clock: deps.clock ?? systemClock,
    guestDelivery: (linkId) => deps.delivery.forViewer(shareViewerId(linkId)),
    integration: deps.integration,
    mail: deps.mail,
    system: deps.system,
  };
}
