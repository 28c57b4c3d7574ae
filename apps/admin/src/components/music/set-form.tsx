import { errorText, fieldErrors, formatEventDate, trpc } from '@party/ui';
import { DescriptionField, FormShell, SelectField, TextField, useFormFields } from '../shared/form';
import { type FormMode, submitLabel } from '../shared/form-logic';

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

const VISIBILITY_CHOICES = (Object.keys(VISIBILITY_OPTION) as Visibility[]).map((visibility) => ({
  value: visibility,
  label: VISIBILITY_OPTION[visibility],
}));

/** Create and edit form of a music set: title, DJ, event, recording date, visibility, description. */
export function SetForm({
  initial,
  mode,
  pending,
  error,
  onSubmit,
}: {
  initial: SetFormValues;
  mode: FormMode;
  pending: boolean;
  error: unknown;
  onSubmit: (values: SetFormValues) => void;
}) {
  const events = trpc.admin.events.list.useQuery();
  const errors = fieldErrors(error);
  if (events.error) errors.eventId ??= `The events could not be loaded: ${errorText(events.error)}`;
  const form = useFormFields(initial, errors);
  const { values } = form;
  const attendeesWithoutEvent = values.visibility === 'attendees' && !values.eventId;
  const eventChoices = [
    { value: '', label: 'No event' },
    // The saved event stays choosable while the list loads.
    ...(events.isPending && values.eventId ? [{ value: values.eventId, label: 'Loading events…' }] : []),
    ...(events.data ?? []).map((event) => ({
      value: event.id,
      label: `${event.title} · ${formatEventDate(event.eventDate)}`,
    })),
  ];

  return (
    <FormShell
      error={error}
      errors={errors}
      pending={pending}
      submitLabel={submitLabel(mode, pending, 'Create set')}
      onSubmit={() => onSubmit(values)}
    >
      <div className="form-grid">
        <TextField form={form} name="title" label="Title" required maxLength={200} />
        <TextField form={form} name="artist" label="DJ / artist" required maxLength={200} />
        <SelectField form={form} name="eventId" label="Event" choices={eventChoices} />
        <TextField form={form} name="recordedOn" label="Recorded on" type="date" />
        <SelectField
          form={form}
          name="visibility"
          label="Visibility"
          hint={
            attendeesWithoutEvent
              ? 'Without an event there is no attendee list: only admins will see this set.'
              : 'Members see a set once at least one of its tracks is ready.'
          }
          choices={VISIBILITY_CHOICES}
        />
      </div>
      <DescriptionField form={form} placeholder="optional: shown to members with the set" />
    </FormShell>
  );
}
