import type { ReactNode } from 'react';

/**
 * A labelled form control with an optional hint and error. The control itself is passed as a
 * child; give it `id={htmlFor}` and {@link describedBy} so screen readers read the message too.
 */
export function Field({
  label,
  htmlFor,
  error,
  hint,
  children,
}: {
  label: string;
  htmlFor: string;
  error?: string | undefined;
  hint?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className={error ? 'field has-error' : 'field'}>
      <label htmlFor={htmlFor}>{label}</label>
      {children}
      {hint && (
        <small id={`${htmlFor}-hint`} className="field__hint">
          {hint}
        </small>
      )}
      {error && (
        <small id={`${htmlFor}-error`} className="field__error">
          {error}
        </small>
      )}
    </div>
  );
}

/** The `aria-describedby` / `aria-invalid` props that tie a control to its Field's messages. */
export function describedBy(htmlFor: string, error: string | undefined, hasHint = false) {
  const ids = [hasHint ? `${htmlFor}-hint` : '', error ? `${htmlFor}-error` : ''].filter(Boolean).join(' ');
  return { 'aria-describedby': ids || undefined, 'aria-invalid': error ? true : undefined };
}
