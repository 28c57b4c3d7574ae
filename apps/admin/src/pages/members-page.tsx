import { Alert, downloadJson, errorText, formatLocale, type RouterOutputs, trpc } from '@party/ui';
import { useState } from 'react';
import { ConfirmedDelete } from '../components/shared/confirm';
import { PageHead } from '../components/shared/page';
import { type Column, QueryTable } from '../components/shared/query-table';
import { useT } from '../i18n';

type MemberRow = RouterOutputs['admin']['members']['list'][number];

/** A member's data as a JSON file, and erasing their account (with a question first). */
function DataActions({ member }: { member: MemberRow }) {
  const t = useT();
  const utils = trpc.useUtils();
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<unknown>(null);
  const remove = trpc.admin.members.delete.useMutation({
    onSuccess: () => utils.admin.members.list.invalidate(),
  });
  const exportData = async () => {
    setExporting(true);
    setExportError(null);
    try {
      const data = await utils.admin.members.export.fetch({ userId: member.id }, { staleTime: 0 });
      downloadJson(`party-media-data-${member.email}.json`, data);
    } catch (error) {
      setExportError(error);
    } finally {
      setExporting(false);
    }
  };
  return (
    <>
      <button type="button" className="button button--small" aria-disabled={exporting} onClick={exportData}>
        {exporting ? t('members.exporting') : t('members.export')}
      </button>
      {Boolean(exportError) && <Alert>{errorText(exportError)}</Alert>}
      <ConfirmedDelete
        small
        startLabel={t('members.delete')}
        question={t('members.deleteQuestion', { name: member.name, email: member.email })}
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() => remove.mutateAsync({ userId: member.id })}
      />
    </>
  );
}

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
          <>
            <button
              type="button"
              className={`button button--small${member.disabled ? '' : ' button--danger'}`}
              disabled={setDisabled.isPending}
              onClick={() => setDisabled.mutate({ userId: member.id, disabled: !member.disabled })}
            >
              {member.disabled ? t('members.enable') : t('members.disable')}
            </button>
            <DataActions member={member} />
          </>
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
