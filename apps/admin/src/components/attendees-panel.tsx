import { Alert, errorText, Link, type RouterOutputs, trpc } from '@party/ui';
import { type FormEvent, useId, useState } from 'react';
import { useT } from '../i18n';
import { ConsentBadge } from './privacy/consent-warning';
import { LabelledField } from './shared/form';
import { Card } from './shared/page';
import { type Column, QueryTable } from './shared/query-table';
import { SourceBadge } from './shared/source-badge';

type Attendee = RouterOutputs['admin']['events']['attendees']['list'][number];
type PendingAttendee = RouterOutputs['admin']['events']['attendees']['pending'][number];

/** The members who were there: they see the photos published to attendees. */
export function AttendeesPanel({ eventId }: { eventId: string }) {
  const t = useT();
  const id = useId();
  const utils = trpc.useUtils();
  const [text, setText] = useState('');
  const attendees = trpc.admin.events.attendees.list.useQuery({ id: eventId });
  const add = trpc.admin.events.attendees.add.useMutation({
    onSuccess: (result) => {
      void utils.admin.events.attendees.list.invalidate({ id: eventId });
      // Keep what could not be added in the box, so it can be corrected and sent again.
      setText([...result.unknown, ...result.invalid].join('\n'));
    },
  });
  const remove = trpc.admin.events.attendees.remove.useMutation({
    onSuccess: () => utils.admin.events.attendees.list.invalidate({ id: eventId }),
  });

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (text.trim()) add.mutate({ eventId, emails: text });
  };

  const columns: Column<Attendee>[] = [
    { label: t('attendees.colName'), cell: (person) => person.name },
    { label: t('attendees.colEmail'), cell: (person) => person.email },
    { label: t('attendees.colConsent'), cell: (person) => <ConsentBadge consent={person.photoConsent} /> },
    { label: t('integration.colSource'), cell: (person) => <SourceBadge source={person.source} /> },
    {
      className: 'actions',
      cell: (person) => (
        <button
          type="button"
          className="button button--small button--danger"
          disabled={remove.isPending && remove.variables?.userId === person.userId}
          onClick={() => remove.mutate({ eventId, userId: person.userId })}
          aria-label={t('attendees.removeLabel', { email: person.email })}
        >
          {t('attendees.remove')}
        </button>
      ),
    },
  ];

  const result = add.data;
  return (
    <Card headingId="attendees" title={t('attendees.title')}>
      <p className="muted">{t('attendees.intro')}</p>
      <form className="form" onSubmit={onSubmit}>
        <LabelledField id={`${id}-emails`} label={t('attendees.addLabel')} hint={t('attendees.addHint')}>
          {(control) => (
            <textarea
              {...control}
              rows={3}
              value={text}
              onChange={(e) => setText(e.target.value)}
              placeholder={'anna@example.com, ben@example.com\ncarla@example.com'}
              spellCheck={false}
            />
          )}
        </LabelledField>
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={add.isPending || !text.trim()}>
            {add.isPending ? t('attendees.adding') : t('attendees.add')}
          </button>
        </div>
      </form>

      <div className="stack" aria-live="polite">
        {add.error && <Alert>{errorText(add.error)}</Alert>}
        {result && (
          <Alert tone={result.unknown.length + result.invalid.length > 0 ? 'info' : 'success'}>
            {t('attendees.added', { members: t('count.members', { count: result.added }) })}
          </Alert>
        )}
        {result && result.unknown.length > 0 && (
          <Alert>
            {t('attendees.unknown', { count: result.unknown.length })}
            <AddressList addresses={result.unknown} />
            <InviteUnknown addresses={result.unknown} />
          </Alert>
        )}
        {result && result.invalid.length > 0 && (
          <Alert>
            {t('attendees.invalid')}
            <AddressList addresses={result.invalid} />
          </Alert>
        )}
        {remove.error && <Alert>{errorText(remove.error)}</Alert>}
      </div>

      <QueryTable
        query={attendees}
        columns={columns}
        rowKey={(person) => person.userId}
        empty={{ title: t('attendees.emptyTitle'), text: t('attendees.emptyText') }}
        caption={(items) => t('count.attendees', { count: items.length })}
      />
      <PendingAttendees eventId={eventId} />
    </Card>
  );
}

/** People the ticketing backend listed who have no account here yet (shown only when there are some). */
function PendingAttendees({ eventId }: { eventId: string }) {
  const t = useT();
  const pending = trpc.admin.events.attendees.pending.useQuery({ id: eventId });
  if (!pending.data || pending.data.length === 0) return null;
  const columns: Column<PendingAttendee>[] = [
    { label: t('attendees.colName'), cell: (person) => person.name },
    { label: t('attendees.colEmail'), cell: (person) => person.email },
    { label: t('integration.colSource'), cell: () => <SourceBadge source="ticketing" /> },
  ];
  return (
    <>
      <h3>{t('integration.pendingTitle')}</h3>
      <p className="muted small">{t('integration.pendingIntro')}</p>
      <QueryTable
        query={pending}
        columns={columns}
        rowKey={(person) => person.subject}
        empty={{ title: t('integration.pendingTitle') }}
      />
    </>
  );
}

function AddressList({ addresses }: { addresses: string[] }) {
  return (
    <ul className="address-list">
      {addresses.map((address) => (
        <li key={address} className="mono">
          {address}
        </li>
      ))}
    </ul>
  );
}

/**
 * One click from "no account uses this address" to an invite for each: mailed when mail is on,
 * otherwise listed on the Invites page to hand over. They become attendees once they have joined.
 */
function InviteUnknown({ addresses }: { addresses: string[] }) {
  const t = useT();
  const utils = trpc.useUtils();
  const mail = trpc.admin.mail.status.useQuery();
  const invite = trpc.admin.invites.createList.useMutation({
    onSuccess: () => void utils.admin.invites.list.invalidate(),
  });
  const byMail = mail.data !== undefined && mail.data.mode !== 'off';
  if (invite.data) {
    const invited = invite.data.filter((entry) => entry.outcome === 'invited').length;
    return (
      <p>
        {t(byMail ? 'attendees.invitedByMail' : 'attendees.invitedLinks', { count: invited })}{' '}
        <Link to="/invites">{t('attendees.toInvites')}</Link>
      </p>
    );
  }
  return (
    <p>
      <button
        type="button"
        className="button button--small button--primary"
        disabled={invite.isPending || mail.isPending}
        onClick={() => invite.mutate({ addresses: addresses.join('\n'), sendEmail: byMail })}
      >
        {t(byMail ? 'attendees.inviteByMail' : 'attendees.invite', { count: addresses.length })}
      </button>
      {invite.error && <span className="field__error"> {errorText(invite.error)}</span>}
    </p>
  );
}
