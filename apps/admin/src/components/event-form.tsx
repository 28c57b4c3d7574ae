import { errorCode, errorText, fieldErrors } from '@party/ui';
import { useState } from 'react';
import { useT } from '../i18n';
import { deriveSlug } from '../lib/slug';
import { DescriptionField, FormShell, TextField, useFormFields } from './shared/form';
import { type FormMode, missingFields, submitLabel } from './shared/form-logic';

export interface EventFormValues {
  title: string;
  eventDate: string;
  slug: string;
  venue: string;
  description: string;
}

export const EMPTY_EVENT: EventFormValues = {
  title: '',
  eventDate: '',
  slug: '',
  venue: '',
  description: '',
};

/**
 * Create and edit form of an event. For a new event the address (slug) follows title and date
 * until the admin edits it; for an existing one it stays put, since members may have links to it.
 */
export function EventForm({
  initial,
  mode,
  pending,
  error,
  onSubmit,
  ownedElsewhere = false,
}: {
  initial: EventFormValues;
  mode: FormMode;
  /** A synced event: title, date, venue and address come from the ticketing backend, read-only here. */
  ownedElsewhere?: boolean;
  pending: boolean;
  error: unknown;
  onSubmit: (values: EventFormValues) => void;
}) {
  const t = useT();
  const [slugEdited, setSlugEdited] = useState(mode === 'edit');
  // Required fields left empty, found before any request (see `missingFields`).
  const [missing, setMissing] = useState<Record<string, string>>({});
  const errors: Record<string, string | undefined> = { ...fieldErrors(error), ...missing };
  // The only conflict an event can have is an address already in use: say so beside that field.
  if (errorCode(error) === 'CONFLICT') errors.slug = errorText(error);
  const form = useFormFields(initial, errors, (next, changed) =>
    !slugEdited && (changed === 'title' || changed === 'eventDate')
      ? { ...next, slug: deriveSlug(next.title, next.eventDate) }
      : next,
  );

  return (
    <FormShell
      className="form event-form"
      error={error}
      errors={errors}
      pending={pending}
      submitLabel={submitLabel(mode, pending, t('eventForm.create'))}
      onSubmit={() => {
        const empty = missingFields(form.values, {
          title: t('eventForm.titleMissing'),
          eventDate: t('eventForm.dateMissing'),
          slug: t('eventForm.addressMissing'),
        });
        setMissing(empty);
        if (Object.keys(empty).length === 0) onSubmit(form.values);
      }}
    >
      <div className="form-grid">
        <TextField
          form={form}
          name="title"
          label={t('eventForm.title')}
          required
          maxLength={200}
          readOnly={ownedElsewhere}
        />
        <TextField
          form={form}
          name="eventDate"
          label={t('eventForm.date')}
          type="date"
          required
          readOnly={ownedElsewhere}
        />
        <TextField
          form={form}
          name="venue"
          label={t('eventForm.venue')}
          maxLength={200}
          placeholder={t('eventForm.optional')}
          readOnly={ownedElsewhere}
        />
        <TextField
          form={form}
          name="slug"
          label={t('eventForm.address')}
          hint={
            <>
              {mode === 'edit' ? t('eventForm.addressEditHint') : t('eventForm.addressCreateHint')}{' '}
              <SlugPreview slug={form.values.slug} live={mode === 'edit'} />
            </>
          }
          className="mono-input"
          onValue={(value) => {
            setSlugEdited(true);
            form.set('slug', value.toLowerCase());
          }}
          required
          maxLength={80}
          spellCheck={false}
          autoCapitalize="off"
          readOnly={ownedElsewhere}
        />
      </div>
      <DescriptionField form={form} placeholder={t('eventForm.descriptionPlaceholder')} />
    </FormShell>
  );
}

/**
 * The gallery's link as members will see it, so nobody mistakes the field for a street address.
 * Saved events link to it (opens the member view); a new one shows the link it will get.
 */
function SlugPreview({ slug, live }: { slug: string; live: boolean }) {
  const t = useT();
  const url = `${window.location.origin}/events/${slug || '…'}`;
  return (
    <span className="slug-preview">
      {t('eventForm.addressPreview')}{' '}
      {live && slug ? (
        <a href={`/events/${slug}`} target="_blank" rel="noreferrer">
          {url}
        </a>
      ) : (
        <span className="mono">{url}</span>
      )}
    </span>
  );
}
