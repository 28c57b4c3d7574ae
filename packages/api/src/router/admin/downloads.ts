import { listDownloads } from '@party/db';
import { listDownloadsSchema } from '../../schemas/privacy';
import { adminProcedure, router } from '../../trpc';

export const adminDownloadsRouter = router({
  /** Who got a download URL of this photo's original or this track's lossless files, and when. */
  list: adminProcedure.input(listDownloadsSchema).query(({ ctx, input }) => listDownloads(ctx.db, input)),
});
