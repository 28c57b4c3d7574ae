import { Alert, AppShell, errorText, LoginPage, Spinner, trpc, usePath } from '@party/ui';
import { useEffect, useState } from 'react';
import { MiniPlayer } from './components/mini-player';
import { GalleryPage } from './pages/gallery-page';
import { HomePage } from './pages/home-page';
import { MusicPage } from './pages/music-page';
import { NotFoundPage } from './pages/not-found-page';
import { SetPage } from './pages/set-page';
import { SignupPage } from './pages/signup-page';
import { PlayerProvider } from './player/player-context';

/** The page a path shows: its parameters, read in one place for the router and the prefetch. */
function route(path: string) {
  if (path === '/') return { page: 'home' } as const;
  if (path === '/music' || path === '/music/') return { page: 'music' } as const;
  const set = /^\/music\/([^/]+)\/?$/.exec(path);
  if (set?.[1]) return { page: 'set', id: decodeURIComponent(set[1]) } as const;
  const gallery = /^\/events\/([^/]+)\/?$/.exec(path);
  if (gallery?.[1]) return { page: 'gallery', slug: decodeURIComponent(gallery[1]) } as const;
  return { page: 'not-found' } as const;
}

function Page({ path, name }: { path: string; name: string }) {
  const at = route(path);
  if (at.page === 'home') return <HomePage name={name} />;
  if (at.page === 'music') return <MusicPage />;
  if (at.page === 'set') return <SetPage key={at.id} id={at.id} />;
  if (at.page === 'gallery') return <GalleryPage key={at.slug} slug={at.slug} />;
  return <NotFoundPage />;
}

/**
 * Asks for the opened page's data together with the session check (one batched request) instead
 * of after it: a shared link to a set draws its waveform a round trip sooner. Signed out, the
 * prefetch fails quietly and the page asks again after the sign-in.
 */
function usePrefetchFirstPage(path: string) {
  const utils = trpc.useUtils();
  const [firstPath] = useState(path);
  useEffect(() => {
    const at = route(firstPath);
    if (at.page === 'set') void utils.musicSets.byId.prefetch({ id: at.id });
    else if (at.page === 'gallery') void utils.events.bySlug.prefetch({ slug: at.slug });
  }, [utils, firstPath]);
}

export function App() {
  const path = usePath();
  const me = trpc.account.me.useQuery();
  usePrefetchFirstPage(path);

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
