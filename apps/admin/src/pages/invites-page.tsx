import { Alert, errorText, type RouterOutputs, trpc } from '@party/ui';
import { type FormEvent, useState } from 'react';
import { Card, PageHead } from '../components/shared/page';
import { type Column, QueryTable } from '../components/shared/query-table';

type InviteRow = RouterOutputs['admin']['invites']['list'][number];

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function CreatedInvite({ url }: { url: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <Alert tone="success">
      Invite created. Send this link; it is shown only now.
      <div className="copy-row">
        <input readOnly value={url} aria-label="Invite link" onFocus={(e) => e.currentTarget.select()} />
        <button
          type="button"
          className="button button--small"
          onClick={async () => {
            await navigator.clipboard?.writeText(url).catch(() => undefined);
            setCopied(true);
          }}
        >
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
    </Alert>
  );
}

export function InvitesPage() {
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
      label: 'For',
      cell: (invite) =>
        invite.usedByEmail ?? invite.email ?? <span className="muted">anyone with the link</span>,
    },
    { label: 'Role', cell: (invite) => invite.role },
    {
      label: 'Status',
      cell: (invite) => <span className={`badge badge--${invite.status}`}>{invite.status}</span>,
    },
    { label: 'Expires', cell: (invite) => dateTime.format(invite.expiresAt) },
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
            Withdraw
          </button>
        ),
    },
  ];

  return (
    <>
      <PageHead title="Invites" intro="People join only through an invite link. Each link works once." />
      <Card headingId="new-invite" title="New invite">
        <form className="form form--inline" onSubmit={onSubmit}>
          <label className="field">
            <span>E-mail (optional: binds the link to it)</span>
            <input name="email" type="email" placeholder="anyone with the link" />
          </label>
          <label className="field">
            <span>Role</span>
            <select name="role" defaultValue="member">
              <option value="member">Member</option>
              <option value="admin">Admin</option>
            </select>
          </label>
          <label className="field">
            <span>Valid for</span>
            <select name="expiresInDays" defaultValue="7">
              <option value="1">1 day</option>
              <option value="7">7 days</option>
              <option value="30">30 days</option>
            </select>
          </label>
          <button type="submit" className="button button--primary" disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create invite'}
          </button>
        </form>
        {create.error && <Alert>{errorText(create.error)}</Alert>}
        {create.data && <CreatedInvite url={create.data.url} />}
      </Card>

      <Card headingId="all-invites" title="All invites">
        {revoke.error && <Alert>{errorText(revoke.error)}</Alert>}
        <QueryTable
          query={invites}
          columns={columns}
          rowKey={(invite) => invite.id}
          empty={{ title: 'No invites yet', text: 'Create one above and send the link.' }}
        />
      </Card>
    </>
  );
}
