import { Alert, errorText } from '@party/ui';
import { type ReactNode, useState } from 'react';
import { useT } from '../../i18n';
import { Card } from './page';

/**
 * The question before something that cannot be undone, with its two answers in place of the
 * button that asked. The answer that acts takes the focus, unless `autoFocus` is false.
 */
export function ConfirmRow({
  question,
  confirmLabel,
  pendingLabel,
  pending,
  onConfirm,
  onCancel,
  small = false,
  autoFocus = true,
  confirmClass = 'button--danger-solid',
}: {
  question: ReactNode;
  confirmLabel: string;
  pendingLabel: string;
  pending: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  small?: boolean;
  autoFocus?: boolean;
  /** The look of the answer that acts: solid red for deleting, the primary colour for other acts. */
  confirmClass?: string;
}) {
  const t = useT();
  const size = small ? ' button--small' : '';
  return (
    <div className="confirm-row">
      <span>{question}</span>
      <button
        type="button"
        className={`button${size} ${confirmClass}`}
        disabled={pending}
        onClick={onConfirm}
        autoFocus={autoFocus}
      >
        {pending ? pendingLabel : confirmLabel}
      </button>
      <button type="button" className={`button${size} button--ghost`} onClick={onCancel}>
        {t('common.cancel')}
      </button>
    </div>
  );
}

/**
 * A button that asks before it deletes, with the failure of the last try above it. `onConfirm`
 * settles when the request does; the question closes then, whatever the answer.
 */
export function ConfirmedDelete({
  startLabel,
  question,
  pending,
  error,
  onConfirm,
  small = false,
  autoFocus = true,
}: {
  startLabel: string;
  question: ReactNode;
  pending: boolean;
  error: unknown;
  onConfirm: () => Promise<unknown>;
  small?: boolean;
  autoFocus?: boolean;
}) {
  const t = useT();
  const [confirming, setConfirming] = useState(false);
  const close = () => setConfirming(false);
  return (
    <>
      {Boolean(error) && <Alert>{errorText(error)}</Alert>}
      {confirming ? (
        <ConfirmRow
          question={question}
          confirmLabel={t('common.yesDelete')}
          pendingLabel={t('common.deleting')}
          pending={pending}
          // The failure is shown from `error`; the rejection needs no handling of its own.
          onConfirm={() => void onConfirm().then(close, close)}
          onCancel={close}
          small={small}
          autoFocus={autoFocus}
        />
      ) : (
        <button
          type="button"
          className={`button${small ? ' button--small' : ''} button--danger`}
          onClick={() => setConfirming(true)}
        >
          {startLabel}
        </button>
      )}
    </>
  );
}

/** The last card of a record's page: deleting it, with what that takes and a question first. */
export function DangerZone({
  headingId,
  title,
  description,
  ...remove
}: {
  headingId: string;
  title: string;
  description: ReactNode;
} & Parameters<typeof ConfirmedDelete>[0]) {
  return (
    <Card headingId={headingId} title={title} danger>
      <p className="muted">{description}</p>
      <ConfirmedDelete {...remove} />
    </Card>
  );
}
