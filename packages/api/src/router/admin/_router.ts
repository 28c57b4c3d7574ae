import { router } from '../../trpc';
import { adminEventsRouter } from './events';
import { adminImagesRouter } from './images';
import { adminIntegrationRouter } from './integration';
import { adminInvitesRouter } from './invites';
import { adminMembersRouter } from './members';
import { adminMusicSetsRouter } from './music-sets';
import { adminTracksRouter } from './tracks';

export const adminRouter = router({
  events: adminEventsRouter,
  images: adminImagesRouter,
  integration: adminIntegrationRouter,
  invites: adminInvitesRouter,
  members: adminMembersRouter,
  musicSets: adminMusicSetsRouter,
  tracks: adminTracksRouter,
});
