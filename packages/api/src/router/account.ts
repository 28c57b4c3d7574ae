import { publicProcedure, router } from '../trpc';

export const accountRouter = router({
  /** The signed-in person, or null: lets the SPAs decide between the login page and the app. */
  me: publicProcedure.query(({ ctx }) => ctx.viewer),
});
