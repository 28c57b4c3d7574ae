import { Alert, AppShell, errorText, LoginPage, Spinner, trpc, usePath } from '@party/ui';
import { MiniPlayer } from './components/mini-player';
import { GalleryPage } from './pages/gallery-page';
import { HomePage } from './pages/home-page';
import { MusicPage } from './pages/music-page';
import { NotFoundPage } from './pages/not-found-page';
import { SetPage } from './pages/set-page';
import { SignupPage } from './pages/signup-page';
import { PlayerProvider } from './player/player-context';

function Page({ path, name }: { path: string; name: string }) {
  if (path === '/') return <HomePage name={name} />;
  if (path === '/music' || path === '/music/') return <MusicPage />;
  const set = /^\/music\/([^/]+)\/?$/.exec(path);
  if (set?.[1]) return <SetPage key={set[1]} id={decodeURIComponent(set[1])} />;
  const gallery = /^\/events\/([^/]+)\/?$/.exec(path);
  if (gallery?.[1]) return <GalleryPage key={gallery[1]} slug={decodeURIComponent(gallery[1])} />;
  return <NotFoundPage />;
}

export function App() {
  const path = usePath();
  const me = trpc.account.me.useQuery();

  if (path === '/signup') return <SignupPage />;
  if (me.isPending) return <Spinner />;
  if (me.error) return <Alert>{errorText(me.error)}</Alert>;
  if (!me.data) return <LoginPage title="Sign in to Party media" />;

  const viewer = me.data;
  // The player sits above the pages: its audio element outlives every page change.
  return (
    <PlayerProvider key={viewer.id} userId={viewer.id}>
      <AppShell
        title="Party media"
        viewer={viewer}
        nav={[
          { to: '/', label: 'Home' },
          { to: '/music', label: 'Music' },
        ]}
        extra={
          viewer.role === 'admin' ? (
            <a className="nav__link" href="/admin/">
              Admin
            </a>
          ) : null
        }
      >
        <Page path={path} name={viewer.name} />
        <MiniPlayer path={path} />
      </AppShell>
    </PlayerProvider>
  );
}
