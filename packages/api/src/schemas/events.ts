import { z } from 'zod';

const slug = z
  .string()
  .trim()
  .min(2, 'The address needs at least 2 characters.')
  .max(80)
  .regex(
    /^[a-z0-9]+(?:-[a-z0-9]+)*$/,
    'Use lowercase letters, digits and dashes only, e.g. summer-rave-2026.',
  );

export const eventFieldsSchema = z.object({
  title: z.string().trim().min(1, 'Give the event a title.').max(200),
  slug,
  eventDate: z.iso.date('Enter a valid date: day, month and year.'),
  venue: z.string().trim().max(200).optional(),
  description: z.string().trim().max(5000).optional(),
});

export const createEventSchema = eventFieldsSchema;
export const updateEventSchema = eventFieldsSchema.partial().extend({ id: z.uuid() });
export const eventIdSchema = z.object({ id: z.uuid() });
export const eventBySlugSchema = z.object({ slug });

export const addAttendeesSchema = z.object({
  eventId: z.uuid(),
  /** Pasted text: e-mails separated by commas, semicolons, spaces or new lines. */
  emails: z.string().max(200_000),
});
export const removeAttendeeSchema = z.object({ eventId: z.uuid(), userId: z.string().min(1) });

/** Splits pasted text into candidate e-mail addresses, keeping what does not look like one apart. */
export function parseEmailList(text: string): { emails: string[]; invalid: string[] } {
  const parts = text
    .split(/[\s,;]+/)
    .map((part) => part.trim().replace(/^<|>$/g, ''))
    .filter(Boolean);
  const emails: string[] = [];
  const invalid: string[] = [];
  for (const part of parts) {
    if (z.email().safeParse(part).success) emails.push(part.toLowerCase());
    else invalid.push(part);
  }
  return { emails: [...new Set(emails)], invalid };
}
