import { Link, Spinner, trpc } from '@party/ui';
import { PageHead } from '../components/shared/page';
import { useT } from '../i18n';

export function OverviewPage() {
  const t = useT();
  const members = trpc.admin.members.list.useQuery();
  const invites = trpc.admin.invites.list.useQuery();
  const openInvites = invites.data?.filter((invite) => invite.status === 'open').length;
  return (
    <>
      <PageHead title={t('overview.title')} intro={t('overview.intro')} />
      <div className="card">
        {members.isPending || invites.isPending ? (
          <Spinner />
        ) : (
          <ul>
            <li>
              <Link to="/members">{t('count.accounts', { count: members.data?.length ?? 0 })}</Link>
            </li>
            <li>
              <Link to="/invites">{t('count.openInvites', { count: openInvites ?? 0 })}</Link>
            </li>
          </ul>
        )}
      </div>
    </>
  );
}
