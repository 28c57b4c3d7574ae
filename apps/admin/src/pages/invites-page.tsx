import '../styles/mail.css';
import { Alert, errorText, formatLocale, type RouterOutputs, trpc } from '@party/ui';
import { type FormEvent, useState } from 'react';
import { Card, PageHead } from '../components/shared/page';
import { type Column, QueryTable } from '../components/shared/query-table';
import { useT } from '../i18n';

type InviteRow = RouterOutputs['admin']['invites']['list'][number];

type ListResult = RouterOutputs['admin']['invites']['createList'][number];

function CreatedInvite({ url, mailedTo }: { url: string; mailedTo: string | null }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  return (
    <Alert tone="success">
      {mailedTo ? t('invites.mailedTo', { email: mailedTo }) : t('invites.created')}
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

/** Where outgoing mail goes, said once above the forms. */
function MailNotice({ mode }: { mode: 'smtp' | 'local' | 'off' | undefined }) {
  const t = useT();
  if (mode === 'off') return <Alert tone="info">{t('invites.mailOff')}</Alert>;
  if (mode === 'local') return <Alert tone="info">{t('invites.mailLocal')}</Alert>;
  return null;
}

function SendByEmail({ available }: { available: boolean }) {
  const t = useT();
  return (
    <label className="check-field">
      <input name="sendEmail" type="checkbox" defaultChecked={available} disabled={!available} />
      <span>{t('invites.sendEmail')}</span>
    </label>
  );
}

function RoleAndExpiry() {
  const t = useT();
  return (
    <>
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
    </>
  );
}

function inviteOptionsOf(form: FormData) {
  return {
    role: form.get('role') === 'admin' ? ('admin' as const) : ('member' as const),
    expiresInDays: Number(form.get('expiresInDays') ?? 7),
    sendEmail: form.get('sendEmail') === 'on',
  };
}

/** A pasted list of addresses: one invite each, and what became of every entry. */
function InviteList({ mailAvailable }: { mailAvailable: boolean }) {
  const t = useT();
  const utils = trpc.useUtils();
  const createList = trpc.admin.invites.createList.useMutation({
    onSuccess: () => utils.admin.invites.list.invalidate(),
  });
  const [addresses, setAddresses] = useState('');
  const outcome = (result: ListResult) =>
    result.outcome === 'invited' && result.invite?.mailState === 'queued'
      ? t('invites.outcomeMailed')
      : t(`invites.outcomes.${result.outcome}`);
  return (
    <Card headingId="invite-list" title={t('invites.list')}>
      <p className="muted">{t('invites.listIntro')}</p>
      <form
        className="form"
        onSubmit={(event: FormEvent<HTMLFormElement>) => {
          event.preventDefault();
          const options = inviteOptionsOf(new FormData(event.currentTarget));
          createList.mutate({ addresses, ...options }, { onSuccess: () => setAddresses('') });
        }}
      >
        <label className="field">
          <span>{t('invites.addresses')}</span>
          <textarea
            name="addresses"
            rows={5}
            value={addresses}
            onChange={(event) => setAddresses(event.target.value)}
            placeholder={'ann@example.org\nben@example.org'}
          />
        </label>
        <div className="form form--inline">
          <RoleAndExpiry />
          <SendByEmail available={mailAvailable} />
          <button
            type="submit"
            className="button button--primary"
            disabled={createList.isPending || !addresses.trim()}
          >
            {createList.isPending ? t('invites.creating') : t('invites.inviteList')}
          </button>
        </div>
      </form>
      {createList.error && <Alert>{errorText(createList.error)}</Alert>}
      {createList.data && (
        <table className="table">
          <caption>{t('invites.listResult')}</caption>
          <tbody>
            {createList.data.map((result) => (
              <tr key={result.input}>
                <td>{result.input}</td>
                <td>
                  <span className={`badge badge--${result.outcome === 'invited' ? 'open' : 'revoked'}`}>
                    {outcome(result)}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}

export function InvitesPage() {
  const t = useT();
  const dateTime = new Intl.DateTimeFormat(formatLocale(), { dateStyle: 'medium', timeStyle: 'short' });
  const utils = trpc.useUtils();
  const mail = trpc.admin.mail.status.useQuery();
  const mailAvailable = mail.data !== undefined && mail.data.mode !== 'off';
  const invites = trpc.admin.invites.list.useQuery(undefined, {
    // While a mail is queued its state changes without anyone touching the page.
    refetchInterval: (query) =>
      query.state.data?.some((invite) => invite.mailState === 'queued') ? 3_000 : false,
  });
  const [email, setEmail] = useState('');
  const create = trpc.admin.invites.create.useMutation({
    onSuccess: () => {
      // The next invite is usually for someone else: the form starts empty again (issue 16).
      setEmail('');
      return utils.admin.invites.list.invalidate();
    },
  });
  const revoke = trpc.admin.invites.revoke.useMutation({
    onSuccess: () => utils.admin.invites.list.invalidate(),
  });

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const options = inviteOptionsOf(new FormData(event.currentTarget));
    const address = email.trim();
    // An invite for anyone has no one to mail: it is created, and its link is copied by hand.
    create.mutate({
      email: address || undefined,
      ...options,
      sendEmail: options.sendEmail && address !== '',
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
    {
      label: t('invites.colMail'),
      cell: (invite) =>
        invite.mailState ? (
          <>
            <span className={`badge badge--${invite.mailState === 'failed' ? 'revoked' : 'open'}`}>
              {t(`invites.mailStates.${invite.mailState}`)}
            </span>
            {invite.mailError && <span className="mail-error">{invite.mailError}</span>}
            {invite.remindedAt ? (
              <span className="mail-error">
                {t('invites.reminded', { date: dateTime.format(invite.remindedAt) })}
              </span>
            ) : invite.reminderState === 'failed' || invite.reminderState === 'queued' ? (
              <span className="mail-error">
                {t(`invites.reminderStates.${invite.reminderState}`)}
                {invite.reminderError ? `: ${invite.reminderError}` : ''}
              </span>
            ) : null}
          </>
        ) : (
          <span className="muted">—</span>
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
      <MailNotice mode={mail.data?.mode} />
      <Card headingId="new-invite" title={t('invites.new')}>
        {/* Keyed on the mail state, so "Send by e-mail" starts ticked once mail is known to work. */}
        <form key={String(mailAvailable)} className="form form--inline" onSubmit={onSubmit}>
          <label className="field">
            <span>{t('invites.email')}</span>
            <input
              name="email"
              type="email"
              value={email}
              onChange={(event) => setEmail(event.target.value)}
              placeholder={t('invites.anyone')}
            />
          </label>
          <RoleAndExpiry />
          <SendByEmail available={mailAvailable} />
          <button type="submit" className="button button--primary" disabled={create.isPending}>
            {create.isPending ? t('invites.creating') : t('invites.create')}
          </button>
        </form>
        {create.error && <Alert>{errorText(create.error)}</Alert>}
        {create.data && (
          <CreatedInvite
            key={create.data.id}
            url={create.data.url}
            mailedTo={create.data.mailState === 'queued' ? (create.variables?.email ?? null) : null}
          />
        )}
      </Card>
      <InviteList key={String(mailAvailable)} mailAvailable={mailAvailable} />

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
