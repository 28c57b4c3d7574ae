import { router } from '../../trpc';
import { adminEventsRouter } from './events';
import { adminImagesRouter } from './images';
import { adminInvitesRouter } from './invites';
import { adminMailRouter } from './mail';
import { adminMembersRouter } from './members';
import { adminMusicSetsRouter } from './music-sets';
import { adminTracksRouter } from './tracks';

export const adminRouter = router({
  events: adminEventsRouter,
  images: adminImagesRouter,
  invites: adminInvitesRouter,
  mail: adminMailRouter,
  members: adminMembersRouter,
  musicSets: adminMusicSetsRouter,
  tracks: adminTracksRouter,
});
