import {
  exportMemberData,
  findUserById,
  listTakedownsOfRequester,
  setMailNotices,
  setPhotoConsent,
} from '@party/db';
import { TRPCError } from '@trpc/server';
import { eraseAccount } from '../account/erase-account';
import { deleteOwnAccountSchema } from '../schemas/members';
import { setMailNoticesSchema, setPhotoConsentSchema } from '../schemas/privacy';
import { protectedProcedure, publicProcedure, router } from '../trpc';

export const accountRouter = router({
  /** The signed-in person, or null: lets the SPAs decide between the login page and the app. */
  me: publicProcedure.query(({ ctx }) => ctx.viewer),

  /** The viewer's privacy settings (README, Privacy: photo consent). */
  privacy: protectedProcedure.query(async ({ ctx }) => {
    const user = await findUserById(ctx.db, ctx.viewer.id);
    return { photoConsent: user?.photoConsent ?? 'fine', mailNotices: user?.mailNotices ?? true };
  }),

  setPhotoConsent: protectedProcedure.input(setPhotoConsentSchema).mutation(async ({ ctx, input }) => {
    await setPhotoConsent(ctx.db, ctx.viewer.id, input.photoConsent);
    return { photoConsent: input.photoConsent };
  }),

  /** "New gallery / new set" mails on or off (README, Mail); the same switch as the mails' unsubscribe link. */
  setMailNotices: protectedProcedure.input(setMailNoticesSchema).mutation(async ({ ctx, input }) => {
    await setMailNotices(ctx.db, ctx.viewer.id, input.on);
    return { mailNotices: input.on };
  }),

  /** The viewer's own "hide this photo" requests and where each stands, with the admin's note. */
  takedowns: protectedProcedure.query(({ ctx }) => listTakedownsOfRequester(ctx.db, ctx.viewer.id)),
  /** Everything stored about the signed-in person, as JSON (README, Privacy). */
  export: protectedProcedure.query(async ({ ctx }) => {
    const data = await exportMemberData(ctx.db, ctx.viewer.id);
    if (!data) throw new TRPCError({ code: 'NOT_FOUND', message: 'There is no such account.' });
    return { exportedAt: new Date(), ...data };
  }),

  /**
   * Deletes the signed-in person's account for good: personal rows erased, every session ended,
   * records kept for the admins anonymised. They confirm by typing their e-mail address.
   */
  delete: protectedProcedure.input(deleteOwnAccountSchema).mutation(async ({ ctx, input }) => {
    if (input.confirmEmail.trim().toLowerCase() !== ctx.viewer.email.toLowerCase()) {
      throw new TRPCError({
        code: 'BAD_REQUEST',
        message: 'Type your e-mail address exactly to confirm the deletion.',
      });
    }
    await eraseAccount(ctx, ctx.viewer.id);
    return { deleted: true };
  }),
});
