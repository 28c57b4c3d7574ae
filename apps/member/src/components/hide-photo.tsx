import { describedBy, errorText, Field, trpc } from '@party/ui';
import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { useT } from '../i18n';

/** The longest reason the server takes (`TAKEDOWN_REASON_MAX`). */
const REASON_MAX = 500;

/**
 * "This is me — hide it" in the lightbox: a button that opens a short form (optional reason).
 * The photo is hidden for every member the moment the request is sent; `onHidden` lets the
 * gallery drop it and say so.
 */
export function HidePhoto({ imageId, onHidden }: { imageId: string; onHidden: () => void }) {
  const t = useT();
  const utils = trpc.useUtils();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const id = useId();
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const toggleRef = useRef<HTMLButtonElement>(null);
  const hide = trpc.images.hide.useMutation({
    onSuccess: async () => {
      onHidden();
      await Promise.all([
        utils.images.list.invalidate(),
        utils.events.list.invalidate(),
        utils.account.takedowns.invalidate(),
      ]);
    },
  });

  useEffect(() => {
    if (open) reasonRef.current?.focus();
  }, [open]);

  const close = () => {
    setOpen(false);
    toggleRef.current?.focus();
  };
  // Inside the form the lightbox's keys (arrows, Home/End, Esc) belong to the text field; Esc
  // closes only the form. Tab still reaches the lightbox's focus trap.
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Tab') return;
    event.stopPropagation();
    if (event.key === 'Escape') close();
  };

  return (
    <>
      <button
        ref={toggleRef}
        type="button"
        className="button button--small"
        aria-expanded={open}
        aria-controls={`${id}-form`}
        onClick={() => (open ? close() : setOpen(true))}
      >
        {t('hide.button')}
      </button>
      {open && (
        <form
          id={`${id}-form`}
          className="hide-photo"
          onKeyDown={onKeyDown}
          onSubmit={(event) => {
            event.preventDefault();
            if (!hide.isPending) hide.mutate({ id: imageId, reason: reason.trim() || undefined });
          }}
        >
          <p className="hide-photo__intro">{t('hide.intro')}</p>
          <Field label={t('hide.reason')} htmlFor={`${id}-reason`} hint={t('hide.reasonHint')}>
            <textarea
              ref={reasonRef}
              id={`${id}-reason`}
              value={reason}
              maxLength={REASON_MAX}
              rows={2}
              onChange={(event) => setReason(event.target.value)}
              {...describedBy(`${id}-reason`, undefined, true)}
            />
          </Field>
          {hide.error && (
            <p className="hide-photo__error" role="alert">
              {errorText(hide.error)}
            </p>
          )}
          <div className="hide-photo__actions">
            <button
              type="submit"
              className="button button--danger button--small"
              aria-disabled={hide.isPending}
            >
              {hide.isPending ? t('hide.sending') : t('hide.submit')}
            </button>
            <button type="button" className="button button--ghost button--small" onClick={close}>
              {t('hide.cancel')}
            </button>
          </div>
        </form>
      )}
    </>
  );
}
