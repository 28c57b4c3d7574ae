import { Alert, downloadJson, errorText, Spinner, trpc } from '@party/ui';
import { type FormEvent, useState } from 'react';
import { useT } from '../i18n';

/** Downloads everything stored about the member as a JSON file. */
function ExportCard() {
  const t = useT();
  const utils = trpc.useUtils();
  const [state, setState] = useState<{ pending: boolean; error: unknown; done: boolean }>({
    pending: false,
    error: null,
    done: false,
  });
  const exportData = async () => {
    setState({ pending: true, error: null, done: false });
    try {
      const data = await utils.account.export.fetch(undefined, { staleTime: 0 });
      downloadJson('party-media-my-data.json', data);
      setState({ pending: false, error: null, done: true });
    } catch (error) {
      setState({ pending: false, error, done: false });
    }
  };
  return (
    <section className="card" aria-labelledby="export-heading">
      <h2 id="export-heading" className="section-title">
        {t('account.exportTitle')}
      </h2>
      <p className="muted">{t('account.exportBody')}</p>
      <button type="button" className="button" aria-disabled={state.pending} onClick={exportData}>
        {state.pending ? t('account.exporting') : t('account.export')}
      </button>
      {state.done && <Alert tone="success">{t('account.exported')}</Alert>}
      {Boolean(state.error) && <Alert>{errorText(state.error)}</Alert>}
    </section>
  );
}

/** "New gallery / new set" mails on or off; the same switch as the unsubscribe link in each one. */
function NoticesCard() {
  const t = useT();
  const utils = trpc.useUtils();
  const current = trpc.account.privacy.useQuery();
  const save = trpc.account.setMailNotices.useMutation({
    onSuccess: (data) => utils.account.privacy.setData(undefined, (old) => (old ? { ...old, ...data } : old)),
  });
  return (
    <section className="card" aria-labelledby="notices-heading">
      <h2 id="notices-heading" className="section-title">
        {t('account.noticesTitle')}
      </h2>
      {current.isPending ? (
        <Spinner label={t('account.noticesLoading')} />
      ) : current.error ? (
        <Alert>{errorText(current.error)}</Alert>
      ) : (
        <label className="check-label check-label--wrap">
          <input
            type="checkbox"
            className="checkbox"
            checked={current.data.mailNotices}
            aria-disabled={save.isPending}
            onChange={(event) => {
              if (!save.isPending) save.mutate({ on: event.target.checked });
            }}
          />
          <span>{t('account.noticesLabel')}</span>
        </label>
      )}
      <p className="muted small">{t('account.noticesHint')}</p>
      {save.isSuccess && (
        <Alert tone="success">
          {save.data.mailNotices ? t('account.noticesOn') : t('account.noticesOff')}
        </Alert>
      )}
      {save.error && <Alert>{errorText(save.error)}</Alert>}
    </section>
  );
}

/** Deletes the account for good, after the member typed their e-mail address to confirm. */
function DeleteCard({ email }: { email: string }) {
  const t = useT();
  const [confirming, setConfirming] = useState(false);
  const remove = trpc.account.delete.useMutation({
    // Every session ended with the account: a reload shows the sign-in page.
    onSuccess: () => window.location.assign('/'),
  });
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    remove.mutate({ confirmEmail: String(new FormData(event.currentTarget).get('confirmEmail') ?? '') });
  };
  return (
    <section className="card card--danger" aria-labelledby="delete-heading">
      <h2 id="delete-heading" className="section-title">
        {t('account.deleteTitle')}
      </h2>
      <p className="muted">{t('account.deleteBody')}</p>
      {confirming ? (
        <form className="form" onSubmit={onSubmit}>
          <label className="field">
            <span>{t('account.confirmLabel', { email })}</span>
            <input name="confirmEmail" type="email" autoComplete="off" required autoFocus />
          </label>
          {remove.error && <Alert>{errorText(remove.error)}</Alert>}
          <div className="confirm-row">
            <button type="submit" className="button button--danger-solid" disabled={remove.isPending}>
              {remove.isPending ? t('account.deleting') : t('account.deleteForGood')}
            </button>
            <button type="button" className="button button--ghost" onClick={() => setConfirming(false)}>
              {t('account.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <button type="button" className="button button--danger" onClick={() => setConfirming(true)}>
          {t('account.deleteStart')}
        </button>
      )}
    </section>
  );
}

/** The member's own data: download it, or delete the account. */
export function AccountPage({ name, email }: { name: string; email: string }) {
  const t = useT();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t('account.title')}</h1>
          <p className="muted">{t('account.intro', { name, email })}</p>
        </div>
      </div>
      <NoticesCard />
      <ExportCard />
      <DeleteCard email={email} />
    </>
  );
}
