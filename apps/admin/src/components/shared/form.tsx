import { Alert, describedBy, errorText, Field } from '@party/ui';
import {
  type FormEvent,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  useId,
  useState,
} from 'react';
import { useT } from '../../i18n';
import { needsFormAlert } from './form-logic';

/** What the field components need of a form: its values, its messages, ids and a way to change a value. */
export interface FormFields<V> {
  values: V;
  /** The message per field, as `fieldErrors` gives them. */
  errors: Record<string, string | undefined>;
  /** The id of a field's control, unique on the page. */
  id: (name: keyof V & string) => string;
  set: <K extends keyof V>(name: K, value: V[K]) => void;
}

/** The fields of `V` that take any text (not a fixed set of choices such as a visibility). */
export type TextKey<V> = { [K in keyof V]-?: string extends V[K] ? K : never }[keyof V] & string;

/**
 * The state of a form's values. `derive` lets one change bring others along (an address that
 * follows the title), seeing the values with the change applied.
 */
export function useFormFields<V extends object>(
  initial: V,
  errors: Record<string, string | undefined>,
  derive?: (next: V, changed: keyof V) => V,
): FormFields<V> {
  const prefix = useId();
  const [values, setValues] = useState(initial);
  return {
    values,
    errors,
    id: (name) => `${prefix}-${name}`,
    set: (name, value) =>
      setValues((current) => {
        const next = { ...current, [name]: value };
        return derive ? derive(next, name) : next;
      }),
  };
}

/** The props that tie a control to its label, hint and message. */
export type ControlProps = ReturnType<typeof describedBy> & { id: string };

/**
 * A label, the control and its hint and message, tied together for screen readers. The control
 * is rendered by `children` from the props it must carry.
 */
export function LabelledField({
  id,
  label,
  error,
  hint,
  children,
}: {
  id: string;
  label: string;
  error?: string | undefined;
  hint?: ReactNode;
  children: (control: ControlProps) => ReactNode;
}) {
  return (
    <Field label={label} htmlFor={id} error={error} hint={hint}>
      {children({ id, ...describedBy(id, error, Boolean(hint)) })}
    </Field>
  );
}

interface FieldProps<V, K extends keyof V & string> {
  form: FormFields<V>;
  name: K;
  label: string;
  hint?: ReactNode;
}

type Native<A> = Omit<A, 'form' | 'id' | 'name' | 'value' | 'onChange' | 'children'>;

/** A labelled one-line text input bound to a form value; `onValue` replaces the plain update. */
export function TextField<V, K extends TextKey<V>>({
  form,
  name,
  label,
  hint,
  onValue,
  ...input
}: FieldProps<V, K> & Native<InputHTMLAttributes<HTMLInputElement>> & { onValue?: (value: string) => void }) {
  return (
    <LabelledField id={form.id(name)} label={label} error={form.errors[name]} hint={hint}>
      {(control) => (
        <input
          {...control}
          {...input}
          value={String(form.values[name])}
          // A TextKey takes any string, which the compiler cannot see through the generic V[K].
          onChange={(e) => (onValue ? onValue(e.target.value) : form.set(name, e.target.value as V[K]))}
        />
      )}
    </LabelledField>
  );
}

/** A record's free text (an event's, a set's), up to the 5000 characters the server takes. */
export function DescriptionField<V extends { description: string }>({
  form,
  placeholder,
}: {
  form: FormFields<V>;
  placeholder: string;
}) {
  const t = useT();
  return (
    <LabelledField
      id={form.id('description')}
      label={t('common.description')}
      error={form.errors.description}
    >
      {(control) => (
        <textarea
          {...control}
          rows={3}
          maxLength={5000}
          placeholder={placeholder}
          value={form.values.description}
          onChange={(e) => form.set('description', e.target.value as V['description'])}
        />
      )}
    </LabelledField>
  );
}

export interface Choice<T> {
  value: T;
  label: string;
}

/** A labelled select bound to a form value: only the listed choices can be picked. */
export function SelectField<V, K extends keyof V & string>({
  form,
  name,
  label,
  hint,
  choices,
  ...select
}: FieldProps<V, K> &
  Native<SelectHTMLAttributes<HTMLSelectElement>> & { choices: ReadonlyArray<Choice<V[K] & string>> }) {
  return (
    <LabelledField id={form.id(name)} label={label} error={form.errors[name]} hint={hint}>
      {(control) => (
        <select
          {...control}
          {...select}
          value={String(form.values[name])}
          onChange={(e) => {
            const choice = choices.find((candidate) => candidate.value === e.target.value);
            if (choice) form.set(name, choice.value);
          }}
        >
          {choices.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </select>
      )}
    </LabelledField>
  );
}

/**
 * A form with what every admin form has around its fields: no browser validation (the server's
 * messages stand beside the fields), a message for a failure no field shows, one submit button.
 */
export function FormShell({
  className = 'form',
  error,
  errors,
  pending,
  submitLabel,
  onSubmit,
  children,
}: {
  className?: string;
  error: unknown;
  errors: Record<string, string | undefined>;
  pending: boolean;
  submitLabel: string;
  onSubmit: () => void;
  children: ReactNode;
}) {
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <form className={className} onSubmit={submit} noValidate>
      {needsFormAlert(error, errors) && <Alert>{errorText(error)}</Alert>}
      {children}
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={pending}>
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
