import '../styles/mail.css';
import { Alert, errorCode, formatLocale, type RouterOutputs, trpc } from '@party/ui';
import { useState } from 'react';
import { Card, PageHead } from '../components/shared/page';
import { type Column, QueryTable } from '../components/shared/query-table';
import { useT } from '../i18n';
import { splitLinks } from '../lib/text-links';

type CaughtMail = RouterOutputs['admin']['mail']['caught'][number];

/** A mail's text body with its addresses as working links (the HTML part is never rendered here). */
function MailBody({ mail }: { mail: CaughtMail }) {
  return (
    <pre className="mail-body">
      {splitLinks(mail.text).map((piece, index) =>
        piece.kind === 'link' ? (
          <a key={index} href={piece.href} target="_blank" rel="noreferrer noopener">
            {piece.href}
          </a>
        ) : (
          <span key={index}>{piece.text}</span>
        ),
      )}
    </pre>
  );
}

/** The local SMTP catch-all's mailbox: what members would have received. */
export function MailPage() {
  const t = useT();
  const dateTime = new Intl.DateTimeFormat(formatLocale(), { dateStyle: 'medium', timeStyle: 'medium' });
  // New mail arrives from the worker at any time; the list follows without a reload.
  const caught = trpc.admin.mail.caught.useQuery(undefined, { refetchInterval: 5_000, retry: false });
  const [openId, setOpenId] = useState<string | null>(null);
  const open = caught.data?.find((mail) => mail.id === openId) ?? caught.data?.[0];

  if (caught.error && errorCode(caught.error) === 'PRECONDITION_FAILED') {
    return (
      <>
        <PageHead title={t('mail.title')} intro={t('mail.intro')} />
        <Alert tone="info">{t('mail.notLocal')}</Alert>
      </>
    );
  }

  const columns: Column<CaughtMail>[] = [
    { label: t('mail.colReceived'), cell: (mail) => dateTime.format(new Date(mail.receivedAt)) },
    { label: t('mail.colTo'), cell: (mail) => mail.to.join(', ') },
    {
      label: t('mail.colSubject'),
      cell: (mail) => (
        <button
          type="button"
          className="link-button"
          aria-pressed={mail.id === open?.id}
          onClick={() => setOpenId(mail.id)}
        >
          {mail.subject}
        </button>
      ),
    },
  ];

  return (
    <>
      <PageHead title={t('mail.title')} intro={t('mail.intro')} />
      <Card headingId="caught-mail" title={t('mail.title')}>
        <QueryTable
          query={caught}
          columns={columns}
          rowKey={(mail) => mail.id}
          empty={{ title: t('mail.emptyTitle'), text: t('mail.emptyText') }}
        />
      </Card>
      {open && (
        <Card headingId="open-mail" title={open.subject}>
          <p className="muted">
            {open.from} → {open.to.join(', ')} · {dateTime.format(new Date(open.receivedAt))}
          </p>
          <MailBody mail={open} />
        </Card>
      )}
    </>
  );
}
