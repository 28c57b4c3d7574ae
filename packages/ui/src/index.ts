export { authClient } from './auth-client';
export { Alert, EmptyState, Spinner } from './components/feedback';
export { describedBy, Field } from './components/field';
export { Photo, type PhotoProps } from './components/photo';
export { AppShell, CenteredCard, GuestShell, type NavItem } from './components/shell';
export { useRefetchOnError } from './hooks/use-refetch-on-error';
export * from './i18n';
export { downloadJson } from './lib/download-json';
export { plural } from './lib/format';
export { signOutEverywhere } from './lib/sign-in-flow';
export { thumbhashDataUrl } from './lib/thumbhash';
export { trackPeaksKey } from './lib/track-peaks-key';
export { LoginPage } from './pages/login-page';
export { NotFoundPage } from './pages/not-found-page';
export { Providers } from './providers';
export { Link, navigate, usePath, useSearchParam } from './router';
export { type RouteMatch, type RoutePatterns, routeTable } from './routes';
export {
  type Clients,
  createClients,
  errorCode,
  errorText,
  fieldErrors,
  type RouterInputs,
  type RouterOutputs,
  trpc,
} from './trpc';
