import { photoConsents, type UpstreamAttendance, type UpstreamEvent } from '@party/db';
import { z } from 'zod';

/*
 * The ticketing backend's webhook messages (README, Connecting the ticketing backend → Webhooks).
 * Every message is `{ "type", "timestamp", "data" }` as Standard Webhooks suggests; `data` carries
 * the record and the source's `updatedAt`, which orders deliveries of the same record.
 */

const externalId = z.string().trim().min(1).max(200);
const updatedAt = z.iso.datetime({ offset: true }).transform((value) => new Date(value));

const person = z.object({
  /** OpenID Connect subject at the ticketing backend. */
  subject: z.string().trim().min(1).max(255),
  email: z
    .email()
    .max(320)
    .transform((value) => value.toLowerCase()),
});

const eventData = z.object({
  id: externalId,
  title: z.string().trim().min(1).max(200),
  date: z.iso.date(),
  venue: z
    .string()
    .trim()
    .max(200)
    .nullish()
    .transform((value) => value || null),
  slug: z.string().trim().min(1).max(80),
});

export const ticketingMessageSchemas = {
  'event.upserted': eventData.extend({ updatedAt }),
  'event.deleted': z.object({ id: externalId, updatedAt }),
  'attendance.upserted': z.object({
    eventId: externalId,
    person: person.extend({
      name: z.string().trim().min(1).max(200),
      photoConsent: z.enum(photoConsents).default('fine'),
    }),
    updatedAt,
  }),
  'attendance.removed': z.object({ eventId: externalId, person, updatedAt }),
  'member.disabled': z.object({ person, updatedAt }),
  'member.enabled': z.object({ person, updatedAt }),
} as const;

export type TicketingMessageType = keyof typeof ticketingMessageSchemas;
export const ticketingMessageTypes = Object.keys(ticketingMessageSchemas) as TicketingMessageType[];

export type TicketingMessage = {
  [T in TicketingMessageType]: { type: T; data: z.infer<(typeof ticketingMessageSchemas)[T]> };
}[TicketingMessageType];

const envelope = z.object({ type: z.string().min(1).max(100), data: z.unknown() });

export type ParsedDelivery =
  | { kind: 'message'; message: TicketingMessage }
  | { kind: 'unknown-type'; type: string }
  | { kind: 'malformed'; problem: string };

function isKnownType(type: string): type is TicketingMessageType {
  return Object.hasOwn(ticketingMessageSchemas, type);
}

/**
 * Reads a verified delivery's body: a known message, a type this service does not handle, or a
 * sentence saying what is wrong with it (answered with 422).
 */
export function parseDelivery(body: string): ParsedDelivery {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { kind: 'malformed', problem: 'The body is not JSON.' };
  }
  const outer = envelope.safeParse(json);
  if (!outer.success) {
    return { kind: 'malformed', problem: 'The body needs a "type" (string) and a "data" object.' };
  }
  const { type, data } = outer.data;
  if (!isKnownType(type)) return { kind: 'unknown-type', type };
  const parsed = ticketingMessageSchemas[type].safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 5)
      .map((issue) => `data.${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    return { kind: 'malformed', problem: `The ${type} message is not valid: ${issues}.` };
  }
  return { kind: 'message', message: { type, data: parsed.data } as TicketingMessage };
}

/**
 * A slug this service accepts (lowercase letters, digits, single dashes) made from the backend's;
 * `event-<id>` when nothing usable is left.
 */
export function toLocalSlug(slug: string, id: string): string {
  const clean = (text: string) =>
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 70)
      .replace(/-+$/g, '');
  const local = clean(slug);
  return local.length >= 2 ? local : `event-${clean(id) || 'x'}`;
}

export function toUpstreamEvent(
  data: z.infer<(typeof ticketingMessageSchemas)['event.upserted']>,
): UpstreamEvent {
  return {
    externalId: data.id,
    title: data.title,
    date: data.date,
    venue: data.venue,
    slug: toLocalSlug(data.slug, data.id),
    updatedAt: data.updatedAt,
  };
}

export function toUpstreamAttendance(
  data: z.infer<(typeof ticketingMessageSchemas)['attendance.upserted']>,
): UpstreamAttendance {
  return { eventExternalId: data.eventId, person: data.person, updatedAt: data.updatedAt };
}
