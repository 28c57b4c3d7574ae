import { Alert, describedBy, errorText, Field, fieldErrors, formatEventDate, trpc } from '@party/ui';
import { type FormEvent, useId, useState } from 'react';

export type Visibility = 'draft' | 'attendees' | 'members';

export const VISIBILITY_LABEL: Record<Visibility, string> = {
  draft: 'Draft',
  attendees: 'Attendees',
  members: 'Members',
};

const VISIBILITY_OPTION: Record<Visibility, string> = {
  draft: 'Draft: admins only',
  attendees: 'Attendees: the event’s attendee list',
  members: 'Members: every member',
};

export interface SetFormValues {
  title: string;
  artist: string;
  /** `''` for no event. */
  eventId: string;
  /** `YYYY-MM-DD` or `''`. */
  recordedOn: string;
  description: string;
  visibility: Visibility;
}

export const EMPTY_SET: SetFormValues = {
  title: '',
  artist: '',
  eventId: '',
  recordedOn: '',
  description: '',
  visibility: 'draft',
};

/** The fields as the create and update procedures take them: empty optional fields become null. */
export function setInput(values: SetFormValues) {
  return {
    title: values.title,
    artist: values.artist,
    eventId: values.eventId || null,
    recordedOn: values.recordedOn || null,
    description: values.description.trim(),
    visibility: values.visibility,
  };
}

/** Create and edit form of a music set: title, DJ, event, recording date, visibility, description. */
export function SetForm({
  initial,
  mode,
  pending,
  error,
  onSubmit,
}: {
  initial: SetFormValues;
  mode: 'create' | 'edit';
  pending: boolean;
  error: unknown;
  onSubmit: (values: SetFormValues) => void;
}) {
  const id = useId();
  const fid = (name: string) => `${id}-${name}`;
  const [values, setValues] = useState(initial);
  const events = trpc.admin.events.list.useQuery();
  const set = <K extends keyof SetFormValues>(field: K, value: SetFormValues[K]) =>
    setValues((current) => ({ ...current, [field]: value }));

  const errors = fieldErrors(error);
  if (events.error) errors.eventId ??= `The events could not be loaded: ${errorText(events.error)}`;
  const hasFieldErrors = Object.keys(errors).length > 0;
  const attendeesWithoutEvent = values.visibility === 'attendees' && !values.eventId;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onSubmit(values);
  };

  return (
    <form className="form" onSubmit={submit} noValidate>
      {Boolean(error) && !hasFieldErrors && <Alert>{errorText(error)}</Alert>}
      <div className="form-grid">
        <Field label="Title" htmlFor={fid('title')} error={errors.title}>
          <input
            id={fid('title')}
            value={values.title}
            onChange={(e) => set('title', e.target.value)}
            required
            maxLength={200}
            {...describedBy(fid('title'), errors.title)}
          />
        </Field>
        <Field label="DJ / artist" htmlFor={fid('artist')} error={errors.artist}>
          <input
            id={fid('artist')}
            value={values.artist}
            onChange={(e) => set('artist', e.target.value)}
            required
            maxLength={200}
            {...describedBy(fid('artist'), errors.artist)}
          />
        </Field>
        <Field label="Event" htmlFor={fid('event')} error={errors.eventId}>
          <select
            id={fid('event')}
            value={values.eventId}
            onChange={(e) => set('eventId', e.target.value)}
            {...describedBy(fid('event'), errors.eventId)}
          >
            <option value="">No event</option>
            {/* The saved event stays choosable while the list loads. */}
            {events.isPending && values.eventId && <option value={values.eventId}>Loading events…</option>}
            {events.data?.map((event) => (
              <option key={event.id} value={event.id}>
                {event.title} · {formatEventDate(event.eventDate)}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Recorded on" htmlFor={fid('recorded')} error={errors.recordedOn}>
          <input
            id={fid('recorded')}
            type="date"
            value={values.recordedOn}
            onChange={(e) => set('recordedOn', e.target.value)}
            {...describedBy(fid('recorded'), errors.recordedOn)}
          />
        </Field>
        <Field
          label="Visibility"
          htmlFor={fid('visibility')}
          error={errors.visibility}
          hint={
            attendeesWithoutEvent
              ? 'Without an event there is no attendee list: only admins will see this set.'
              : 'Members see a set once at least one of its tracks is ready.'
          }
        >
          <select
            id={fid('visibility')}
            value={values.visibility}
            onChange={(e) => set('visibility', e.target.value as Visibility)}
            {...describedBy(fid('visibility'), errors.visibility, true)}
          >
            {(Object.keys(VISIBILITY_OPTION) as Visibility[]).map((visibility) => (
              <option key={visibility} value={visibility}>
                {VISIBILITY_OPTION[visibility]}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <Field label="Description" htmlFor={fid('description')} error={errors.description}>
        <textarea
          id={fid('description')}
          rows={3}
          value={values.description}
          onChange={(e) => set('description', e.target.value)}
          maxLength={5000}
          placeholder="optional: shown to members with the set"
          {...describedBy(fid('description'), errors.description)}
        />
      </Field>
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={pending}>
          {mode === 'create' ? (pending ? 'Creating…' : 'Create set') : pending ? 'Saving…' : 'Save changes'}
        </button>
      </div>
    </form>
  );
}
