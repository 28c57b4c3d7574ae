import { router } from '../../trpc';
import { adminEventsRouter } from './events';
import { adminImagesRouter } from './images';
import { adminInvitesRouter } from './invites';
import { adminMembersRouter } from './members';

export const adminRouter = router({
  events: adminEventsRouter,
  images: adminImagesRouter,
  invites: adminInvitesRouter,
  members: adminMembersRouter,
});
