import { router } from '../../trpc';
import { adminEventsRouter } from './events';
import { adminImagesRouter } from './images';
import { adminInvitesRouter } from './invites';
import { adminMembersRouter } from './members';
import { adminMusicSetsRouter } from './music-sets';
import { adminShareLinksRouter } from './share-links';
import { adminTracksRouter } from './tracks';

export const adminRouter = router({
  events: adminEventsRouter,
  images: adminImagesRouter,
  invites: adminInvitesRouter,
  members: adminMembersRouter,
  musicSets: adminMusicSetsRouter,
  shareLinks: adminShareLinksRouter,
  tracks: adminTracksRouter,
});
