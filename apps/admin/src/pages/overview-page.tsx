import { Link, Spinner, trpc } from '@party/ui';
import { PageHead } from '../components/shared/page';

export function OverviewPage() {
  const members = trpc.admin.members.list.useQuery();
  const invites = trpc.admin.invites.list.useQuery();
  const openInvites = invites.data?.filter((invite) => invite.status === 'open').length;
  return (
    <>
      <PageHead title="Overview" intro="Who is in the community and who is invited." />
      <div className="card">
        {members.isPending || invites.isPending ? (
          <Spinner />
        ) : (
          <ul>
            <li>
              <Link to="/members">{members.data?.length ?? 0} accounts</Link>
            </li>
            <li>
              <Link to="/invites">{openInvites ?? 0} open invites</Link>
            </li>
          </ul>
        )}
      </div>
    </>
  );
}
