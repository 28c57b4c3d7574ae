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
import { MiniPlayer } from './components/mini-player';
import { useT } from './i18n';
import { WithPage } from './pages/lazy-pages';
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
      return <WithPage name="home">{({ HomePage }) => <HomePage name={viewer.name} />}</WithPage>;
    case 'account':
      return (
        <WithPage name="account">
          {({ AccountPage }) => <AccountPage name={viewer.name} email={viewer.email} />}
        </WithPage>
      );
    case 'music':
      return <WithPage name="music">{({ MusicPage }) => <MusicPage />}</WithPage>;
    case 'set':
      return (
        <WithPage name="set">{({ SetPage }) => <SetPage key={at.params.id} id={at.params.id} />}</WithPage>
      );
    case 'gallery':
      return (
        <WithPage name="gallery">
          {({ GalleryPage }) => <GalleryPage key={at.params.slug} slug={at.params.slug} />}
        </WithPage>
      );
    case 'privacy':
      return <WithPage name="privacy">{({ PrivacyPage }) => <PrivacyPage />}</WithPage>;
    case 'favourites':
      return <WithPage name="favourites">{({ FavouritesPage }) => <FavouritesPage />}</WithPage>;
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

  if (at.page === 'signup') return <WithPage name="signup">{({ SignupPage }) => <SignupPage />}</WithPage>;
  // A guest's share link: no session asked for, none used.
  if (at.page === 'share')
    return <WithPage name="share">{({ SharePage }) => <SharePage token={at.params.token} />}</WithPage>;
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
        <Page at={at} viewer={viewer} />
        <MiniPlayer path={path} />
      </AppShell>
    </PlayerProvider>
  );
}
