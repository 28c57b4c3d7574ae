import { routeTable } from '@party/ui';

/** Every page of the member app; `signup` and `share` (a guest's share link) are shown without a session. */
export const memberRoute = routeTable({
  signup: '/signup',
  share: '/s/:token',
  account: '/account',
  home: '/',
  music: '/music',
  set: '/music/:id',
  gallery: '/events/:slug',
  privacy: '/privacy',
  favourites: '/favourites',
});
