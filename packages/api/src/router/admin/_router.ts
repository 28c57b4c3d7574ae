import { router } from '../../trpc';
import { adminCommentsRouter } from './comments';
import { adminDownloadsRouter } from './downloads';
import { adminEventsRouter } from './events';
import { adminImagesRouter } from './images';
import { adminIntegrationRouter } from './integration';
import { adminInvitesRouter } from './invites';
import { adminListeningRouter } from './listening';
import { adminMailRouter } from './mail';
import { adminMembersRouter } from './members';
import { adminMusicSetsRouter } from './music-sets';
import { adminOverviewRouter } from './overview';
import { adminShareLinksRouter } from './share-links';
import { adminSystemRouter } from './system';
import { adminTakedownsRouter } from './takedowns';
import { adminTracksRouter } from './tracks';

export const adminRouter = router({
  comments: adminCommentsRouter,
  downloads: adminDownloadsRouter,
  events: adminEventsRouter,
  images: adminImagesRouter,
  integration: adminIntegrationRouter,
  invites: adminInvitesRouter,
  listening: adminListeningRouter,
  mail: adminMailRouter,
  members: adminMembersRouter,
  musicSets: adminMusicSetsRouter,
  overview: adminOverviewRouter,
  takedowns: adminTakedownsRouter,
  shareLinks: adminShareLinksRouter,
  system: adminSystemRouter,
  tracks: adminTracksRouter,
});
