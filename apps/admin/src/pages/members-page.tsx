import { Alert, errorText, formatLocale, type RouterOutputs, trpc } from '@party/ui';
import { PageHead } from '../components/shared/page';
import { type Column, QueryTable } from '../components/shared/query-table';
import { useT } from '../i18n';

type MemberRow = RouterOutputs['admin']['members']['list'][number];

export function MembersPage() {
  const t = useT();
  const date = new Intl.DateTimeFormat(formatLocale(), { dateStyle: 'medium' });
  const utils = trpc.useUtils();
  const me = trpc.account.me.useQuery();
  const members = trpc.admin.members.list.useQuery();
  const setDisabled = trpc.admin.members.setDisabled.useMutation({
    onSuccess: () => utils.admin.members.list.invalidate(),
  });

  const columns: Column<MemberRow>[] = [
    {
      label: t('members.colName'),
      cell: (member) => (
        <>
          {member.name}{' '}
          {member.disabled && <span className="badge badge--disabled">{t('members.disabled')}</span>}
        </>
      ),
    },
    { label: t('members.colEmail'), cell: (member) => member.email },
    { label: t('members.colRole'), cell: (member) => t(`invites.roles.${member.role}`) },
    { label: t('members.colJoined'), cell: (member) => date.format(member.createdAt) },
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
            {member.disabled ? t('members.enable') : t('members.disable')}
          </button>
        ),
    },
  ];

  return (
    <>
      <PageHead title={t('members.title')} intro={t('members.intro')} />
      <section className="card">
        {setDisabled.error && <Alert>{errorText(setDisabled.error)}</Alert>}
        <QueryTable
          query={members}
          columns={columns}
          rowKey={(member) => member.id}
          empty={{ title: t('members.emptyTitle') }}
        />
      </section>
    </>
  );
}
