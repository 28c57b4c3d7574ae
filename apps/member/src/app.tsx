import {
  Alert,
  AppShell,
  errorText,
  LoginPage,
  NotFoundPage,
  Spinner,
  trpc,
  usePath,
  useUiT,
} from '@party/ui';
import { Suspense } from 'react';
import { MiniPlayer } from './components/mini-player';
import { useT } from './i18n';
import {
  AccountPage,
  FavouritesPage,
  GalleryPage,
  HomePage,
  MusicPage,
  PrivacyPage,
  SetPage,
  SharePage,
  SignupPage,
} from './pages/lazy-pages';
import { ListeningReporter } from './player/listening-reporter';
import { PlayerProvider } from './player/player-context';
import { memberRoute } from './routes';

type MemberMatch = ReturnType<typeof memberRoute>;

function Page({
  at,
  viewer,
}: {
  at: Exclude<MemberMatch, { page: 'signup' | 'share' }>;
  viewer: { name: string; email: string };
}) {
  const t = useT();
  switch (at.page) {
    case 'home':
      return <HomePage name={viewer.name} />;
    case 'account':
      return <AccountPage name={viewer.name} email={viewer.email} />;
    case 'music':
      return <MusicPage />;
    case 'set':
      return <SetPage key={at.params.id} id={at.params.id} />;
    case 'gallery':
      return <GalleryPage key={at.params.slug} slug={at.params.slug} />;
    case 'privacy':
      return <PrivacyPage />;
    case 'favourites':
      return <FavouritesPage />;
    case 'not-found':
      return <NotFoundPage backLabel={t('app.backToStart')} />;
  }
}

export function App() {
  const t = useT();
  const ui = useUiT();
  const path = usePath();
  const at = memberRoute(path);
  const me = trpc.account.me.useQuery();

  if (at.page === 'signup')
    return (
      <Suspense fallback={<Spinner />}>
        <SignupPage />
      </Suspense>
    );
  // A guest's share link: no session asked for, none used.
  if (at.page === 'share')
    return (
      <Suspense fallback={<Spinner />}>
        <SharePage token={at.params.token} />
      </Suspense>
    );
  if (me.isPending) return <Spinner />;
  if (me.error) return <Alert>{errorText(me.error)}</Alert>;
  if (!me.data) return <LoginPage title={t('app.signInTitle')} />;

  const viewer = me.data;
  // The player sits above the pages: its audio element outlives every page change.
  return (
    <PlayerProvider key={viewer.id} userId={viewer.id}>
      <ListeningReporter userId={viewer.id} />
      <AppShell
        title={ui('shell.brand')}
        viewer={viewer}
        nav={[
          { to: '/', label: t('app.nav.home') },
          { to: '/music', label: t('app.nav.music') },
          { to: '/favourites', label: t('app.nav.favourites') },
          { to: '/privacy', label: t('app.nav.privacy') },
          { to: '/account', label: t('app.nav.account') },
        ]}
        extra={
          viewer.role === 'admin' ? (
            <a className="nav__link" href="/admin/">
              {t('app.nav.admin')}
            </a>
          ) : null
        }
      >
        {/* Each page's code arrives with its first visit (pages/lazy-pages.ts). */}
        <Suspense fallback={<Spinner />}>
          <Page at={at} viewer={viewer} />
        </Suspense>
        <MiniPlayer path={path} />
      </AppShell>
    </PlayerProvider>
  );
}
