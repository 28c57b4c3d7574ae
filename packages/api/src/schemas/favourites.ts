import { z } from 'zod';

/** A favourite's target: a photo, a set, or a moment of a track ("that track at 1:02:03"). */
export const favouriteTargetSchema = z.union([
  z.object({ imageId: z.uuid() }),
  z.object({ setId: z.uuid() }),
  z.object({
    trackId: z.uuid(),
    // Whole seconds: the same moment saved twice is one favourite.
    positionSeconds: z
      .number()
      .int()
      .min(0)
      .max(24 * 3600),
    /** The tracklist entry's words, kept as they were when saved. */
    label: z.string().trim().max(300).optional(),
  }),
]);
export type FavouriteTargetInput = z.infer<typeof favouriteTargetSchema>;
