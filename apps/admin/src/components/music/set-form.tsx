import { errorText, fieldErrors, formatEventDate, trpc } from '@party/ui';
import { useState } from 'react';
import { useT } from '../../i18n';
import {
  DescriptionField,
  type FormFields,
  FormShell,
  SelectField,
  TextField,
  useFormFields,
} from '../shared/form';
import { type FormMode, missingFields, submitLabel } from '../shared/form-logic';

export type Visibility = 'draft' | 'attendees' | 'members';

const VISIBILITIES: Visibility[] = ['draft', 'attendees', 'members'];

export interface SetFormValues {
  title: string;
  artist: string;
  /** `''` for no event. */
  eventId: string;
  /** `YYYY-MM-DD` or `''`. */
  recordedOn: string;
  description: string;
  visibility: Visibility;
  /** The member account linked as the set's DJ (sees its listening statistics); `''` for none. */
  djUserId: string;
}

export const EMPTY_SET: SetFormValues = {
  title: '',
  artist: '',
  eventId: '',
  recordedOn: '',
  description: '',
  visibility: 'draft',
  djUserId: '',
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
    djUserId: values.djUserId || null,
  };
}

/**
 * Create and edit form of a music set: title, DJ, event, recording date, visibility, the DJ's
 * member account (optional) and description.
 */
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
  const t = useT();
  const events = trpc.admin.events.list.useQuery();
  const members = trpc.admin.members.list.useQuery();
  const [missing, setMissing] = useState<Record<string, string>>({});
  const errors: Record<string, string | undefined> = { ...fieldErrors(error), ...missing };
  if (events.error) errors.eventId ??= t('setForm.eventsFailed', { error: errorText(events.error) });
  if (members.error) errors.djUserId ??= t('setForm.membersFailed', { error: errorText(members.error) });
  const dateOf = (eventId: string) => events.data?.find((event) => event.id === eventId)?.eventDate ?? '';
  const form: FormFields<SetFormValues> = useFormFields(initial, errors, (next, changed) => {
    // "Recorded on" follows the chosen event's date until the admin types another one.
    if (changed !== 'eventId') return next;
    const following: boolean = next.recordedOn === '' || next.recordedOn === dateOf(form.values.eventId);
    return following ? { ...next, recordedOn: dateOf(next.eventId) } : next;
  });
  const { values } = form;
  const attendeesWithoutEvent = values.visibility === 'attendees' && !values.eventId;
  const eventChoices = [
    { value: '', label: t('setForm.noEvent') },
    // The saved event stays choosable while the list loads.
    ...(events.isPending && values.eventId
      ? [{ value: values.eventId, label: t('setForm.loadingEvents') }]
      : []),
    ...(events.data ?? []).map((event) => ({
      value: event.id,
      label: `${event.title} · ${formatEventDate(event.eventDate)}`,
    })),
  ];

  // Active member accounts (admins see the statistics anyway); a linked one stays choosable.
  const djChoices = [
    { value: '', label: t('setForm.noDj') },
    ...(members.data ?? [])
      .filter((m) => (m.role === 'member' && !m.disabled) || m.id === values.djUserId)
      .map((m) => ({ value: m.id, label: `${m.name} · ${m.email}` })),
    ...(values.djUserId && !members.data?.some((m) => m.id === values.djUserId)
      ? [{ value: values.djUserId, label: t('setForm.loadingMembers') }]
      : []),
  ];

  return (
    <FormShell
      error={error}
      errors={errors}
      pending={pending}
      submitLabel={submitLabel(mode, pending, t('setForm.create'))}
      onSubmit={() => {
        const empty = missingFields(values, {
          title: t('setForm.titleMissing'),
          artist: t('setForm.artistMissing'),
        });
        setMissing(empty);
        if (Object.keys(empty).length === 0) onSubmit(values);
      }}
    >
      <div className="form-grid">
        <TextField form={form} name="title" label={t('setForm.title')} required maxLength={200} />
        <TextField form={form} name="artist" label={t('setForm.artist')} required maxLength={200} />
        <SelectField form={form} name="eventId" label={t('setForm.event')} choices={eventChoices} />
        <TextField form={form} name="recordedOn" label={t('setForm.recordedOn')} type="date" />
        <SelectField
          form={form}
          name="visibility"
          label={t('setForm.visibility')}
          hint={attendeesWithoutEvent ? t('setForm.noEventHint') : t('setForm.visibilityHint')}
          choices={VISIBILITIES.map((visibility) => ({
            value: visibility,
            label: t(`setForm.option.${visibility}`),
          }))}
        />
        <SelectField
          form={form}
          name="djUserId"
          label={t('setForm.djAccount')}
          hint={t('setForm.djAccountHint')}
          choices={djChoices}
        />
      </div>
      <DescriptionField form={form} placeholder={t('setForm.descriptionPlaceholder')} />
    </FormShell>
  );
}
