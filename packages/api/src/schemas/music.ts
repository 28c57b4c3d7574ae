import { z } from 'zod';
import { visibilitySchema } from './images';

export const musicSetFieldsSchema = z.object({
  title: z.string().trim().min(1, 'Give the set a title.').max(200),
  artist: z.string().trim().min(1, 'Name the DJ or artist.').max(200),
  eventId: z.uuid().nullable().optional(),
  description: z.string().trim().max(5000).optional(),
  recordedOn: z.iso.date('Enter a valid date: day, month and year.').nullable().optional(),
  visibility: visibilitySchema.optional(),
  /** The member account linked as the set's DJ (sees its listening statistics); null for none. */
  djUserId: z.string().min(1).max(100).nullable().optional(),
});

export const createMusicSetSchema = musicSetFieldsSchema;
/** `notify`: mail the people who can hear the set now (once per person and set). */
export const updateMusicSetSchema = musicSetFieldsSchema
  .partial()
  .extend({ id: z.uuid(), notify: z.boolean().optional() });
export const musicSetIdSchema = z.object({ id: z.uuid() });
export const reorderTracksSchema = z.object({ setId: z.uuid(), trackIds: z.array(z.uuid()).min(1).max(500) });
/** An empty name is stored as null, so the file's tags can still fill it in after processing. */
const optionalName = z
  .string()
  .trim()
  .max(300)
  .nullable()
  .optional()
  .transform((value) => (value === '' ? null : value));

export const updateTrackSchema = z.object({ id: z.uuid(), title: optionalName, artist: optionalName });
export const trackIdSchema = z.object({ id: z.uuid() });
export const setTracklistSchema = z.object({ trackId: z.uuid(), text: z.string().max(100_000) });
