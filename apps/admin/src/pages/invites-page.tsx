import { Alert, errorText, formatLocale, type RouterOutputs, trpc } from '@party/ui';
import { type FormEvent, useState } from 'react';
import { Card, PageHead } from '../components/shared/page';
import { type Column, QueryTable } from '../components/shared/query-table';
import { useT } from '../i18n';

type InviteRow = RouterOutputs['admin']['invites']['list'][number];

function CreatedInvite({ url }: { url: string }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  return (
    <Alert tone="success">
      {t('invites.created')}
      <div className="copy-row">
        <input
          readOnly
          value={url}
          aria-label={t('invites.link')}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button
          type="button"
          className="button button--small"
          onClick={async () => {
            await navigator.clipboard?.writeText(url).catch(() => undefined);
            setCopied(true);
          }}
        >
          {copied ? t('invites.copied') : t('invites.copy')}
        </button>
      </div>
    </Alert>
  );
}

export function InvitesPage() {
  const t = useT();
  const dateTime = new Intl.DateTimeFormat(formatLocale(), { dateStyle: 'medium', timeStyle: 'short' });
  const utils = trpc.useUtils();
  const invites = trpc.admin.invites.list.useQuery();
  const create = trpc.admin.invites.create.useMutation({
    onSuccess: () => utils.admin.invites.list.invalidate(),
  });
  const revoke = trpc.admin.invites.revoke.useMutation({
    onSuccess: () => utils.admin.invites.list.invalidate(),
  });

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get('email') ?? '').trim();
    create.mutate({
      email: email || undefined,
      role: form.get('role') === 'admin' ? 'admin' : 'member',
      expiresInDays: Number(form.get('expiresInDays') ?? 7),
    });
  };

  const columns: Column<InviteRow>[] = [
    {
      label: t('invites.colFor'),
      cell: (invite) =>
        invite.usedByEmail ??
        invite.email ?? (
          <span className="muted">
            {invite.status === 'used' ? t('invites.deletedAccount') : t('invites.anyone')}
          </span>
        ),
    },
    { label: t('invites.colRole'), cell: (invite) => t(`invites.roles.${invite.role}`) },
    {
      label: t('invites.colStatus'),
      cell: (invite) => (
        <span className={`badge badge--${invite.status}`}>{t(`invites.statuses.${invite.status}`)}</span>
      ),
    },
    { label: t('invites.colExpires'), cell: (invite) => dateTime.format(invite.expiresAt) },
    {
      className: 'actions',
      cell: (invite) =>
        invite.status === 'open' && (
          <button
            type="button"
            className="button button--small button--danger"
            disabled={revoke.isPending}
            onClick={() => revoke.mutate({ id: invite.id })}
          >
            {t('invites.withdraw')}
          </button>
        ),
    },
  ];

  return (
    <>
      <PageHead title={t('invites.title')} intro={t('invites.intro')} />
      <Card headingId="new-invite" title={t('invites.new')}>
        <form className="form form--inline" onSubmit={onSubmit}>
          <label className="field">
            <span>{t('invites.email')}</span>
            <input name="email" type="email" placeholder={t('invites.anyone')} />
          </label>
          <label className="field">
            <span>{t('invites.role')}</span>
            <select name="role" defaultValue="member">
              <option value="member">{t('invites.member')}</option>
              <option value="admin">{t('invites.admin')}</option>
            </select>
          </label>
          <label className="field">
            <span>{t('invites.validFor')}</span>
            <select name="expiresInDays" defaultValue="7">
              <option value="1">{t('invites.days', { count: 1 })}</option>
              <option value="7">{t('invites.days', { count: 7 })}</option>
              <option value="30">{t('invites.days', { count: 30 })}</option>
            </select>
          </label>
          <button type="submit" className="button button--primary" disabled={create.isPending}>
            {create.isPending ? t('invites.creating') : t('invites.create')}
          </button>
        </form>
        {create.error && <Alert>{errorText(create.error)}</Alert>}
        {create.data && <CreatedInvite url={create.data.url} />}
      </Card>

      <Card headingId="all-invites" title={t('invites.all')}>
        {revoke.error && <Alert>{errorText(revoke.error)}</Alert>}
        <QueryTable
          query={invites}
          columns={columns}
          rowKey={(invite) => invite.id}
          empty={{ title: t('invites.emptyTitle'), text: t('invites.emptyText') }}
        />
      </Card>
    </>
  );
}
