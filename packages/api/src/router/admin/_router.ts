import { router } from '../../trpc';
import { adminInvitesRouter } from './invites';
import { adminMembersRouter } from './members';

export const adminRouter = router({
  invites: adminInvitesRouter,
  members: adminMembersRouter,
});
