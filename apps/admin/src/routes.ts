import { routeTable } from '@party/ui';

/** Every page of the admin app, by path inside `/admin`; any other path is not found. */
export const adminRoute = routeTable({
  overview: '/',
  events: '/events',
  event: '/events/:id',
  music: '/music',
  set: '/music/:id',
  invites: '/invites',
  members: '/members',
  takedowns: '/takedowns',
  integration: '/integration',
  system: '/system',
  mail: '/mail',
});
