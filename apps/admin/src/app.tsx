import {
  Alert,
  AppShell,
  authClient,
  CenteredCard,
  errorText,
  LoginPage,
  NotFoundPage,
  Spinner,
  trpc,
  usePath,
} from '@party/ui';
import { EventPage } from './pages/event-page';
import { EventsPage } from './pages/events-page';
import { InvitesPage } from './pages/invites-page';
import { MembersPage } from './pages/members-page';
import { MusicPage } from './pages/music-page';
import { MusicSetPage } from './pages/music-set-page';
import { OverviewPage } from './pages/overview-page';
import { adminRoute } from './routes';

const NAV = [
  { to: '/', label: 'Overview' },
  { to: '/events', label: 'Events' },
  { to: '/music', label: 'Music' },
  { to: '/invites', label: 'Invites' },
  { to: '/members', label: 'Members' },
];

function Page({ path }: { path: string }) {
  const at = adminRoute(path);
  switch (at.page) {
    case 'overview':
      return <OverviewPage />;
    case 'events':
      return <EventsPage />;
    case 'event':
      return <EventPage key={at.params.id} id={at.params.id} />;
    case 'music':
      return <MusicPage />;
    case 'set':
      return <MusicSetPage key={at.params.id} id={at.params.id} />;
    case 'invites':
      return <InvitesPage />;
    case 'members':
      return <MembersPage />;
    case 'not-found':
      return <NotFoundPage backLabel="Back to the overview" />;
  }
}

export function App() {
  const path = usePath();
  const me = trpc.account.me.useQuery();

  if (me.isPending) return <Spinner />;
  if (me.error) return <Alert>{errorText(me.error)}</Alert>;
  if (!me.data) return <LoginPage title="Admin sign-in" />;
  if (me.data.role !== 'admin') {
    return (
      <CenteredCard title="Admins only">
        <Alert>
          You are signed in as {me.data.email}, a member account. This area is for the community's admins.
        </Alert>
        <div className="form">
          <a className="button button--primary" href="/">
            Go to the member app
          </a>
          <button
            type="button"
            className="button button--ghost"
            onClick={async () => {
              await authClient.signOut();
              window.location.reload();
            }}
          >
            Sign in as someone else
          </button>
        </div>
      </CenteredCard>
    );
  }
  return (
    <AppShell
      title="Party media · Admin"
      viewer={me.data}
      nav={NAV}
      extra={
        <a className="nav__link" href="/">
          Member view
        </a>
      }
    >
      <Page path={path} />
    </AppShell>
  );
}
