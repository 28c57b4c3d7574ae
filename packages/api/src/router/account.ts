import { findUserById, listTakedownsOfRequester, setPhotoConsent } from '@party/db';
import { setPhotoConsentSchema } from '../schemas/privacy';
import { protectedProcedure, publicProcedure, router } from '../trpc';

export const accountRouter = router({
  /** The signed-in person, or null: lets the SPAs decide between the login page and the app. */
  me: publicProcedure.query(({ ctx }) => ctx.viewer),

  /** The viewer's privacy settings (README, Privacy: photo consent). */
  privacy: protectedProcedure.query(async ({ ctx }) => {
    const user = await findUserById(ctx.db, ctx.viewer.id);
    return { photoConsent: user?.photoConsent ?? 'fine' };
  }),

  setPhotoConsent: protectedProcedure.input(setPhotoConsentSchema).mutation(async ({ ctx, input }) => {
    await setPhotoConsent(ctx.db, ctx.viewer.id, input.photoConsent);
    return { photoConsent: input.photoConsent };
  }),

  /** The viewer's own "hide this photo" requests and where each stands, with the admin's note. */
  takedowns: protectedProcedure.query(({ ctx }) => listTakedownsOfRequester(ctx.db, ctx.viewer.id)),
});
