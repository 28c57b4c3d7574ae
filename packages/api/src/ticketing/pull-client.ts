import { z } from 'zod';
import { ticketingMessageSchemas } from './messages';

/*
 * The ticketing backend's pull API (README, Connecting the ticketing backend → Reconciliation):
 *   GET <TICKETING_API_URL>/events[?cursor=…]               → { items: Event[], nextCursor }
 *   GET <TICKETING_API_URL>/events/<id>/attendees[?cursor=…] → { items: Attendee[], nextCursor }
 * with `Authorization: Bearer <TICKETING_API_TOKEN>`. Items have the shape of the webhook messages'
 * `data`, so one schema describes a record however it arrives.
 */

export interface TicketingApiConfig {
  /** Base URL, e.g. https://tickets.example.org/api/media-sync */
  url: string;
  token: string;
}

const upstreamEvent = ticketingMessageSchemas['event.upserted'];
const upstreamAttendee = ticketingMessageSchemas['attendance.upserted'].omit({ eventId: true });
export type PulledEvent = z.infer<typeof upstreamEvent>;
export type PulledAttendee = z.infer<typeof upstreamAttendee>;

const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().min(1).nullish() });

/** More pages than any community has: a backend that never ends its cursor chain is cut off. */
const MAX_PAGES = 1000;
const REQUEST_TIMEOUT_MS = 30_000;

/** Thrown for an unreachable backend, a refused token, or an answer outside the contract. */
export class TicketingApiError extends Error {
  override name = 'TicketingApiError';
}

export function createTicketingApi(config: TicketingApiConfig) {
  const base = config.url.endsWith('/') ? config.url : `${config.url}/`;

  async function getPage<T extends z.ZodType>(
    path: string,
    cursor: string | null,
    schema: T,
  ): Promise<{ items: z.infer<T>[]; nextCursor?: string | null }> {
    const url = new URL(path, base);
    if (cursor) url.searchParams.set('cursor', cursor);
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { authorization: `Bearer ${config.token}`, accept: 'application/json' },
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      const reason =
        error instanceof Error
          ? error.cause instanceof Error
            ? error.cause.message
            : error.message
          : String(error);
      throw new TicketingApiError(`The ticketing backend did not answer GET ${url.pathname} (${reason}).`);
    }
    if (response.status === 401 || response.status === 403) {
      throw new TicketingApiError(
        `The ticketing backend refused TICKETING_API_TOKEN (${response.status} on GET ${url.pathname}).`,
      );
    }
    if (!response.ok) {
      throw new TicketingApiError(
        `The ticketing backend answered ${response.status} to GET ${url.pathname}.`,
      );
    }
    const parsed = page(schema).safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new TicketingApiError(
        `The ticketing backend's answer to GET ${url.pathname} does not follow the contract` +
          (issue ? ` (${issue.path.join('.')}: ${issue.message}).` : '.'),
      );
    }
    return parsed.data;
  }

  async function getAll<T extends z.ZodType>(path: string, schema: T): Promise<z.infer<T>[]> {
    const items: z.infer<T>[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < MAX_PAGES; pages++) {
      const result: { items: z.infer<T>[]; nextCursor?: string | null } = await getPage(path, cursor, schema);
      items.push(...result.items);
      if (!result.nextCursor) return items;
      cursor = result.nextCursor;
    }
    throw new TicketingApiError(
      `The ticketing backend's ${path} listing did not end after ${MAX_PAGES} pages.`,
    );
  }

  return {
    listEvents: (): Promise<PulledEvent[]> => getAll('events', upstreamEvent),
    listAttendees: (eventId: string): Promise<PulledAttendee[]> =>
      getAll(`events/${encodeURIComponent(eventId)}/attendees`, upstreamAttendee),
  };
}

export type TicketingApi = ReturnType<typeof createTicketingApi>;
