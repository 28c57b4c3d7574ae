import { Alert, errorText, plural, type RouterOutputs, trpc } from '@party/ui';
import { type FormEvent, useId, useState } from 'react';
import { LabelledField } from './shared/form';
import { Card } from './shared/page';
import { type Column, QueryTable } from './shared/query-table';

type Attendee = RouterOutputs['admin']['events']['attendees']['list'][number];

/** The members who were there: they see the photos published to attendees. */
export function AttendeesPanel({ eventId }: { eventId: string }) {
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
    { label: 'Name', cell: (person) => person.name },
    { label: 'E-mail', cell: (person) => person.email },
    {
      className: 'actions',
      cell: (person) => (
        <button
          type="button"
          className="button button--small button--danger"
          disabled={remove.isPending && remove.variables?.userId === person.userId}
          onClick={() => remove.mutate({ eventId, userId: person.userId })}
          aria-label={`Remove ${person.email} from the attendees`}
        >
          Remove
        </button>
      ),
    },
  ];

  const result = add.data;
  return (
    <Card headingId="attendees" title="Attendees">
      <p className="muted">Photos published “to attendees” are seen only by the members listed here.</p>
      <form className="form" onSubmit={onSubmit}>
        <LabelledField
          id={`${id}-emails`}
          label="Add members by e-mail"
          hint="Paste addresses separated by commas, spaces or new lines, e.g. a column copied from a spreadsheet."
        >
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
            {add.isPending ? 'Adding…' : 'Add attendees'}
          </button>
        </div>
      </form>

      <div className="stack" aria-live="polite">
        {add.error && <Alert>{errorText(add.error)}</Alert>}
        {result && (
          <Alert tone={result.unknown.length + result.invalid.length > 0 ? 'info' : 'success'}>
            {plural(result.added, 'member')} added.
          </Alert>
        )}
        {result && result.unknown.length > 0 && (
          <Alert>
            No account uses {result.unknown.length === 1 ? 'this address' : 'these addresses'}; invite them
            first:
            <AddressList addresses={result.unknown} />
          </Alert>
        )}
        {result && result.invalid.length > 0 && (
          <Alert>
            Not e-mail addresses, skipped:
            <AddressList addresses={result.invalid} />
          </Alert>
        )}
        {remove.error && <Alert>{errorText(remove.error)}</Alert>}
      </div>

      <QueryTable
        query={attendees}
        columns={columns}
        rowKey={(person) => person.userId}
        empty={{ title: 'No attendees yet', text: 'Paste the e-mails of the members who were there.' }}
        caption={(items) => plural(items.length, 'attendee')}
      />
    </Card>
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
