import {
  Alert,
  AppShell,
  CenteredCard,
  errorText,
  LoginPage,
  NotFoundPage,
  Spinner,
  signOutEverywhere,
  trpc,
  usePath,
} from '@party/ui';
import { useT } from './i18n';
import { EventPage } from './pages/event-page';
import { EventsPage } from './pages/events-page';
import { IntegrationPage } from './pages/integration-page';
import { InvitesPage } from './pages/invites-page';
import { MailPage } from './pages/mail-page';
import { MembersPage } from './pages/members-page';
import { MusicPage } from './pages/music-page';
import { MusicSetPage } from './pages/music-set-page';
import { OverviewPage } from './pages/overview-page';
import { SystemPage } from './pages/system-page';
import { TakedownsPage } from './pages/takedowns-page';
import { adminRoute } from './routes';

function Page({ path }: { path: string }) {
  const t = useT();
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
    case 'takedowns':
      return <TakedownsPage />;
    case 'integration':
      return <IntegrationPage />;
    case 'system':
      return <SystemPage />;
    case 'mail':
      return <MailPage />;
    case 'not-found':
      return <NotFoundPage backLabel={t('app.backToOverview')} />;
  }
}

export function App() {
  const t = useT();
  const path = usePath();
  const me = trpc.account.me.useQuery();
  // The local mailbox is a development aid: listed only where the catch-all runs.
  const mail = trpc.admin.mail.status.useQuery(undefined, { enabled: me.data?.role === 'admin' });

  if (me.isPending) return <Spinner />;
  if (me.error) return <Alert>{errorText(me.error)}</Alert>;
  if (!me.data) return <LoginPage title={t('app.signInTitle')} breakGlass />;
  if (me.data.role !== 'admin') {
    return (
      <CenteredCard title={t('app.adminsOnlyTitle')}>
        <Alert>{t('app.adminsOnly', { email: me.data.email })}</Alert>
        <div className="form">
          <a className="button button--primary" href="/">
            {t('app.toMemberApp')}
          </a>
          <button type="button" className="button button--ghost" onClick={signOutEverywhere}>
            {t('app.signInOther')}
          </button>
        </div>
      </CenteredCard>
    );
  }
  return (
    <AppShell
      title={t('app.title')}
      viewer={me.data}
      nav={[
        { to: '/', label: t('app.nav.overview') },
        { to: '/events', label: t('app.nav.events') },
        { to: '/music', label: t('app.nav.music') },
        { to: '/invites', label: t('app.nav.invites') },
        { to: '/members', label: t('app.nav.members') },
        { to: '/takedowns', label: t('app.nav.takedowns') },
        { to: '/integration', label: t('app.nav.integration') },
        { to: '/system', label: t('app.nav.system') },
        ...(mail.data?.mode === 'local' ? [{ to: '/mail', label: t('app.nav.mail') }] : []),
      ]}
      extra={
        <a className="nav__link" href="/">
          {t('app.memberView')}
        </a>
      }
    >
      <Page path={path} />
    </AppShell>
  );
}
