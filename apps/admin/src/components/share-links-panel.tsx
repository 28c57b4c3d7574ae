import { Alert, errorText, formatLocale, type RouterOutputs, trpc } from '@party/ui';
import { type FormEvent, useState } from 'react';
import { useT } from '../i18n';
import { Card } from './shared/page';
import { type Column, QueryTable } from './shared/query-table';

type ShareLinkRow = RouterOutputs['admin']['shareLinks']['list'][number];
type Target = { eventId: string } | { setId: string };

const EXPIRY_CHOICES = [1, 7, 30, 90] as const;

/** The new link, shown this once (only its hash is stored), with a button that copies it. */
function CreatedLink({ url }: { url: string }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  return (
    <Alert tone="success">
      {t('shareLinks.created')}
      <div className="copy-row">
        <input
          readOnly
          value={url}
          aria-label={t('shareLinks.link')}
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
          {copied ? t('shareLinks.copied') : t('shareLinks.copy')}
        </button>
      </div>
    </Alert>
  );
}

/** When a link was opened: loaded when the admin asks. */
function OpensLog({ id }: { id: string }) {
  const t = useT();
  const dateTime = new Intl.DateTimeFormat(formatLocale(), { dateStyle: 'medium', timeStyle: 'short' });
  const opens = trpc.admin.shareLinks.opens.useQuery({ id });
  if (opens.isPending) return <span className="muted small">{t('shareLinks.loadingOpens')}</span>;
  if (opens.error) return <Alert>{errorText(opens.error)}</Alert>;
  if (opens.data.opens.length === 0)
    return <span className="muted small">{t('shareLinks.neverOpened')}</span>;
  return (
    <ul className="share-opens small">
      {opens.data.opens.map((at) => (
        <li key={at.toISOString()}>{dateTime.format(at)}</li>
      ))}
    </ul>
  );
}

/**
 * Share links of one event gallery or one music set, for guests without an account: create (expiry,
 * optional password, downloads), copy the link once, see how often each was opened and when, revoke.
 */
export function ShareLinksPanel({ target }: { target: Target }) {
  const t = useT();
  const dateTime = new Intl.DateTimeFormat(formatLocale(), { dateStyle: 'medium', timeStyle: 'short' });
  const utils = trpc.useUtils();
  const links = trpc.admin.shareLinks.list.useQuery(target);
  const refresh = () => utils.admin.shareLinks.list.invalidate(target);
  const create = trpc.admin.shareLinks.create.useMutation({ onSuccess: refresh });
  const revoke = trpc.admin.shareLinks.revoke.useMutation({ onSuccess: refresh });
  const [logOf, setLogOf] = useState<string | null>(null);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get('password') ?? '');
    const label = String(form.get('label') ?? '').trim();
    create.mutate({
      ...target,
      expiresInDays: Number(form.get('expiresInDays') ?? 7),
      password: password || undefined,
      allowDownload: form.get('allowDownload') === 'on',
      label: label || undefined,
    });
  };

  const columns: Column<ShareLinkRow>[] = [
    {
      label: t('shareLinks.colFor'),
      cell: (link) => (
        <>
          {link.label ?? <span className="muted">{t('shareLinks.noLabel')}</span>}
          {link.hasPassword && <span className="badge">{t('shareLinks.withPassword')}</span>}
          {link.allowDownload && <span className="badge">{t('shareLinks.withDownload')}</span>}
        </>
      ),
    },
    {
      label: t('shareLinks.colStatus'),
      cell: (link) => (
        <span className={`badge badge--${link.state === 'active' ? 'open' : link.state}`}>
          {t(`shareLinks.states.${link.state}`)}
        </span>
      ),
    },
    { label: t('shareLinks.colExpires'), cell: (link) => dateTime.format(link.expiresAt) },
    {
      label: t('shareLinks.colOpens'),
      cell: (link) => (
        <>
          <button
            type="button"
            className="button button--small button--ghost"
            aria-expanded={logOf === link.id}
            onClick={() => setLogOf(logOf === link.id ? null : link.id)}
          >
            {t('shareLinks.opens', { count: link.openCount })}
          </button>
          {logOf === link.id && <OpensLog id={link.id} />}
        </>
      ),
    },
    {
      className: 'actions',
      cell: (link) =>
        link.state === 'active' && (
          <button
            type="button"
            className="button button--small button--danger"
            disabled={revoke.isPending}
            onClick={() => revoke.mutate({ id: link.id })}
          >
            {t('shareLinks.revoke')}
          </button>
        ),
    },
  ];

  return (
    <Card headingId="share-links" title={t('shareLinks.title')}>
      <p className="muted">{t('shareLinks.intro')}</p>
      <form className="form form--inline" onSubmit={onSubmit}>
        <label className="field">
          <span>{t('shareLinks.label')}</span>
          <input name="label" maxLength={100} placeholder={t('shareLinks.labelHint')} />
        </label>
        <label className="field">
          <span>{t('shareLinks.validFor')}</span>
          <select name="expiresInDays" defaultValue="7">
            {EXPIRY_CHOICES.map((days) => (
              <option key={days} value={days}>
                {t('shareLinks.days', { count: days })}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('shareLinks.password')}</span>
          <input
            name="password"
            type="password"
            minLength={6}
            autoComplete="new-password"
            placeholder={t('shareLinks.passwordHint')}
          />
        </label>
        <label className="check-label">
          <input name="allowDownload" type="checkbox" className="checkbox" />
          {t('shareLinks.allowDownload')}
        </label>
        <button type="submit" className="button button--primary" disabled={create.isPending}>
          {create.isPending ? t('shareLinks.creating') : t('shareLinks.create')}
        </button>
      </form>
      {create.error && <Alert>{errorText(create.error)}</Alert>}
      {create.data && <CreatedLink url={create.data.url} />}
      {revoke.error && <Alert>{errorText(revoke.error)}</Alert>}
      <QueryTable
        query={links}
        columns={columns}
        rowKey={(link) => link.id}
        loadingLabel={t('shareLinks.loading')}
        empty={{ title: t('shareLinks.emptyTitle'), text: t('shareLinks.emptyText') }}
      />
    </Card>
  );
}
