import { routeTable } from '@party/ui';

/** Every page of the member app; `signup` is the one shown without a session. */
export const memberRoute = routeTable({
  signup: '/signup',
  home: '/',
  music: '/music',
  set: '/music/:id',
  gallery: '/events/:slug',
  privacy: '/privacy',
});
