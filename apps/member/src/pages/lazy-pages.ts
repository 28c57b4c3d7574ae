import { lazy } from 'react';

/**
 * Every page is a chunk of its own, loaded when first shown, so a visit parses only the code of
 * the pages it opens (the set page alone brings wavesurfer.js). `first-page.ts` starts the opened
 * page's chunk at start-up beside its data: splitting adds no round trip to a cold visit.
 */
export const pageChunks = {
  signup: () => import('./signup-page'),
  share: () => import('./share-page'),
  account: () => import('./account-page'),
  home: () => import('./home-page'),
  music: () => import('./music-page'),
  set: () => import('./set-page'),
  gallery: () => import('./gallery-page'),
  privacy: () => import('./privacy-page'),
  favourites: () => import('./favourites-page'),
};

export const SignupPage = lazy(() => pageChunks.signup().then((m) => ({ default: m.SignupPage })));
export const SharePage = lazy(() => pageChunks.share().then((m) => ({ default: m.SharePage })));
export const AccountPage = lazy(() => pageChunks.account().then((m) => ({ default: m.AccountPage })));
export const HomePage = lazy(() => pageChunks.home().then((m) => ({ default: m.HomePage })));
export const MusicPage = lazy(() => pageChunks.music().then((m) => ({ default: m.MusicPage })));
export const SetPage = lazy(() => pageChunks.set().then((m) => ({ default: m.SetPage })));
export const GalleryPage = lazy(() => pageChunks.gallery().then((m) => ({ default: m.GalleryPage })));
export const PrivacyPage = lazy(() => pageChunks.privacy().then((m) => ({ default: m.PrivacyPage })));
export const FavouritesPage = lazy(() =>
  pageChunks.favourites().then((m) => ({ default: m.FavouritesPage })),
);
