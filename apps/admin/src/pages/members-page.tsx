import { Alert, errorText, type RouterOutputs, trpc } from '@party/ui';
import { PageHead } from '../components/shared/page';
import { type Column, QueryTable } from '../components/shared/query-table';

type MemberRow = RouterOutputs['admin']['members']['list'][number];

const date = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export function MembersPage() {
  const utils = trpc.useUtils();
  const me = trpc.account.me.useQuery();
  const members = trpc.admin.members.list.useQuery();
  const setDisabled = trpc.admin.members.setDisabled.useMutation({
    onSuccess: () => utils.admin.members.list.invalidate(),
  });

  const columns: Column<MemberRow>[] = [
    {
      label: 'Name',
      cell: (member) => (
        <>
          {member.name} {member.disabled && <span className="badge badge--disabled">disabled</span>}
        </>
      ),
    },
    { label: 'E-mail', cell: (member) => member.email },
    { label: 'Role', cell: (member) => member.role },
    { label: 'Joined', cell: (member) => date.format(member.createdAt) },
    {
      className: 'actions',
      cell: (member) =>
        member.id !== me.data?.id && (
          <button
            type="button"
            className={`button button--small${member.disabled ? '' : ' button--danger'}`}
            disabled={setDisabled.isPending}
            onClick={() => setDisabled.mutate({ userId: member.id, disabled: !member.disabled })}
          >
            {member.disabled ? 'Enable' : 'Disable'}
          </button>
        ),
    },
  ];

  return (
    <>
      <PageHead
        title="Members"
        intro="Disabling an account signs it out everywhere and stops new sign-ins."
      />
      <section className="card">
        {setDisabled.error && <Alert>{errorText(setDisabled.error)}</Alert>}
        <QueryTable
          query={members}
          columns={columns}
          rowKey={(member) => member.id}
          empty={{ title: 'No accounts yet' }}
        />
      </section>
    </>
  );
}
