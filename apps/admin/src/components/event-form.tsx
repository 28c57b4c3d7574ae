import { Alert, describedBy, errorCode, errorText, Field, fieldErrors } from '@party/ui';
import { type FormEvent, useId, useState } from 'react';
import { deriveSlug } from '../lib/slug';

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
}: {
  initial: EventFormValues;
  mode: 'create' | 'edit';
  pending: boolean;
  error: unknown;
  onSubmit: (values: EventFormValues) => void;
}) {
  const id = useId();
  const [values, setValues] = useState(initial);
  const [slugEdited, setSlugEdited] = useState(mode === 'edit');

  const set = (field: keyof EventFormValues, value: string) =>
    setValues((current) => {
      const next = { ...current, [field]: value };
      if (!slugEdited && (field === 'title' || field === 'eventDate')) {
        next.slug = deriveSlug(next.title, next.eventDate);
      }
      return next;
    });

  const errors = fieldErrors(error);
  // The only conflict an event can have is an address already in use: say so beside that field.
  if (errorCode(error) === 'CONFLICT') errors.slug = errorText(error);
  const hasFieldErrors = Object.keys(errors).length > 0;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onSubmit(values);
  };

  const fid = (name: string) => `${id}-${name}`;
  return (
    <form className="form event-form" onSubmit={submit} noValidate>
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
        <Field label="Date" htmlFor={fid('date')} error={errors.eventDate}>
          <input
            id={fid('date')}
            type="date"
            value={values.eventDate}
            onChange={(e) => set('eventDate', e.target.value)}
            required
            {...describedBy(fid('date'), errors.eventDate)}
          />
        </Field>
        <Field label="Venue" htmlFor={fid('venue')} error={errors.venue}>
          <input
            id={fid('venue')}
            value={values.venue}
            onChange={(e) => set('venue', e.target.value)}
            maxLength={200}
            placeholder="optional"
            {...describedBy(fid('venue'), errors.venue)}
          />
        </Field>
        <Field
          label="Address"
          htmlFor={fid('slug')}
          error={errors.slug}
          hint={
            mode === 'edit'
              ? 'Changing it breaks links members already have.'
              : 'Lowercase letters, digits and dashes; filled in from title and date.'
          }
        >
          <input
            id={fid('slug')}
            className="mono-input"
            value={values.slug}
            onChange={(e) => {
              setSlugEdited(true);
              set('slug', e.target.value.toLowerCase());
            }}
            required
            maxLength={80}
            spellCheck={false}
            autoCapitalize="off"
            {...describedBy(fid('slug'), errors.slug, true)}
          />
        </Field>
      </div>
      <Field label="Description" htmlFor={fid('description')} error={errors.description}>
        <textarea
          id={fid('description')}
          rows={3}
          value={values.description}
          onChange={(e) => set('description', e.target.value)}
          maxLength={5000}
          placeholder="optional: shown above the gallery"
          {...describedBy(fid('description'), errors.description)}
        />
      </Field>
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={pending}>
          {mode === 'create'
            ? pending
              ? 'Creating…'
              : 'Create event'
            : pending
              ? 'Saving…'
              : 'Save changes'}
        </button>
      </div>
    </form>
  );
}
