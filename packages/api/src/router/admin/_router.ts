import { router } from '../../trpc';
import { adminDownloadsRouter } from './downloads';
import { adminEventsRouter } from './events';
import { adminImagesRouter } from './images';
import { adminIntegrationRouter } from './integration';
import { adminInvitesRouter } from './invites';
import { adminMailRouter } from './mail';
import { adminMembersRouter } from './members';
import { adminMusicSetsRouter } from './music-sets';
import { adminOverviewRouter } from './overview';
import { adminShareLinksRouter } from './share-links';
import { adminTakedownsRouter } from './takedowns';
import { adminTracksRouter } from './tracks';

export const adminRouter = router({
  downloads: adminDownloadsRouter,
  events: adminEventsRouter,
  images: adminImagesRouter,
  integration: adminIntegrationRouter,
  invites: adminInvitesRouter,
  mail: adminMailRouter,
  members: adminMembersRouter,
  musicSets: adminMusicSetsRouter,
  overview: adminOverviewRouter,
  takedowns: adminTakedownsRouter,
  shareLinks: adminShareLinksRouter,
  tracks: adminTracksRouter,
});
