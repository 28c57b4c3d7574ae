import { z } from 'zod';

export const visibilitySchema = z.enum(['draft', 'attendees', 'members']);

export const listEventImagesSchema = z.object({ eventId: z.uuid() });

/** Either a selection of images or every image of one event. */
export const setImagesVisibilitySchema = z.union([
  z.object({ ids: z.array(z.uuid()).min(1).max(5000), visibility: visibilitySchema }),
  z.object({ eventId: z.uuid(), visibility: visibilitySchema }),
]);

export const setOriginalDownloadSchema = z.object({
  ids: z.array(z.uuid()).min(1).max(5000),
  allow: z.boolean(),
});
export const deleteImagesSchema = z.object({ ids: z.array(z.uuid()).min(1).max(5000) });
export const imageIdSchema = z.object({ id: z.uuid() });
export const setCoverSchema = z.object({ eventId: z.uuid(), imageId: z.uuid() });
export const downloadImageSchema = z.object({ id: z.uuid(), kind: z.enum(['preview', 'original']) });
