import { Alert, AppShell, errorText, LoginPage, Spinner, trpc, usePath } from '@party/ui';
import { GalleryPage } from './pages/gallery-page';
import { HomePage } from './pages/home-page';
import { NotFoundPage } from './pages/not-found-page';
import { SignupPage } from './pages/signup-page';

function Page({ path, name }: { path: string; name: string }) {
  if (path === '/') return <HomePage name={name} />;
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
  return (
    <AppShell
      title="Party media"
      viewer={viewer}
      nav={[{ to: '/', label: 'Home' }]}
      extra={
        viewer.role === 'admin' ? (
          <a className="nav__link" href="/admin/">
            Admin
          </a>
        ) : null
      }
    >
      <Page path={path} name={viewer.name} />
    </AppShell>
  );
}
