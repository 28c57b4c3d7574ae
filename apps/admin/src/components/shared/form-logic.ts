import { appT } from '../../i18n';
/** Whether a form creates a new record or edits one: the submit button says which. */
export type FormMode = 'create' | 'edit';

/**
 * The submit button's text: the form's own verb when creating ("Create event"), the same
 * "Save changes" on every edit form, and what is happening while the request runs.
 */
export function submitLabel(mode: FormMode, pending: boolean, createLabel: string): string {
  if (mode === 'create') return pending ? appT('common.create') : createLabel;
  return pending ? appT('common.saving') : appT('common.save');
}

/**
 * Whether a failed submit needs a message above the form: only when no field shows one, so the
 * same words never stand twice and no failure goes unsaid.
 */
export function needsFormAlert(error: unknown, errors: Record<string, string | undefined>): boolean {
  return Boolean(error) && !Object.values(errors).some(Boolean);
}

/**
 * Whether a failed load means the record is not there (deleted, or an id that was never valid),
 * as opposed to a failure worth showing as an error.
 */
export function isMissing(code: string | undefined): boolean {
  return code === 'NOT_FOUND' || code === 'BAD_REQUEST';
}

/**
 * The message for each required field left empty (only blanks count as empty), so an empty form
 * is answered beside its fields at once instead of by a failing request. A date input whose day,
 * month or year is missing reads as empty too.
 */
export function missingFields<V extends object>(
  values: V,
  required: Partial<Record<keyof V & string, string>>,
): Record<string, string> {
  const missing: Record<string, string> = {};
  for (const [name, message] of Object.entries(required) as Array<[keyof V & string, string]>) {
    if (String(values[name] ?? '').trim() === '') missing[name] = message;
  }
  return missing;
}
