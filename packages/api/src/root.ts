import { accountRouter } from './router/account';
import { adminRouter } from './router/admin/_router';
import { commentsRouter } from './router/comments';
import { eventsRouter } from './router/events';
import { favouritesRouter } from './router/favourites';
import { imagesRouter } from './router/images';
import { invitesRouter } from './router/invites';
import { listeningRouter } from './router/listening';
import { musicSetsRouter } from './router/music-sets';
import { shareRouter } from './router/share';
import { tracksRouter } from './router/tracks';
import { createCallerFactory, router } from './trpc';

export const appRouter = router({
  account: accountRouter,
  comments: commentsRouter,
  events: eventsRouter,
  favourites: favouritesRouter,
  images: imagesRouter,
  invites: invitesRouter,
  listening: listeningRouter,
  musicSets: musicSetsRouter,
  share: shareRouter,
  tracks: tracksRouter,
  admin: adminRouter,
});

/** The type the SPAs import; nothing else of this package reaches the browser. */
export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
