import { z } from 'zod';

export const visibilitySchema = z.enum(['draft', 'attendees', 'members']);

export const listEventImagesSchema = z.object({ eventId: z.uuid() });

/** Either a selection of images or every image of one event. */
/** `notify`: mail the people who can see the event's gallery now (once per person and gallery). */
export const setImagesVisibilitySchema = z.union([
  z.object({
    ids: z.array(z.uuid()).min(1).max(5000),
    visibility: visibilitySchema,
    notify: z.boolean().optional(),
  }),
  z.object({ eventId: z.uuid(), visibility: visibilitySchema, notify: z.boolean().optional() }),
]);

export const setOriginalDownloadSchema = z.object({
  ids: z.array(z.uuid()).min(1).max(5000),
  allow: z.boolean(),
});
export const deleteImagesSchema = z.object({ ids: z.array(z.uuid()).min(1).max(5000) });
export const imageIdSchema = z.object({ id: z.uuid() });
/** The event's photos in the admin's new order: every photo of the event, each once. */
export const reorderImagesSchema = z.object({ eventId: z.uuid(), ids: z.array(z.uuid()).max(5000) });
export const sortImagesSchema = z.object({
  eventId: z.uuid(),
  by: z.enum(['takenAt', 'fileName', 'uploadOrder']),
});
export const setCoverSchema = z.object({ eventId: z.uuid(), imageId: z.uuid() });
/**
 * What a photo downloads as: `jpeg` the full-size JPEG, `preview` the 1600 px WebP (photos processed
 * before full-size JPEGs existed have only this), `original` the untouched upload where allowed.
 */
export const imageDownloadKindSchema = z.enum(['jpeg', 'preview', 'original']);
export type ImageDownloadKind = z.infer<typeof imageDownloadKindSchema>;
export const downloadImageSchema = z.object({ id: z.uuid(), kind: imageDownloadKindSchema });
