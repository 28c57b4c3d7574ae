import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { authClient } from '../auth-client';
import { Alert } from '../components/feedback';
import { CenteredCard } from '../components/shell';
import { useUiT } from '../i18n/use-t';

/** Email + password sign-in; on success the session query is refetched and the app appears. */
export function LoginPage({ title }: { title?: string }) {
  const t = useUiT();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const result = await authClient.signIn.email({
        email: String(form.get('email') ?? '').trim(),
        password: String(form.get('password') ?? ''),
      });
      if (result.error) {
        setError(
          result.error.status === 429 ? t('login.tooMany') : (result.error.message ?? t('login.failed')),
        );
        return;
      }
      await queryClient.invalidateQueries();
    } catch {
      setError(t('errors.offline'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <CenteredCard title={title ?? t('login.title')}>
      <form className="form" onSubmit={onSubmit}>
        {error && <Alert>{error}</Alert>}
        <label className="field">
          <span>{t('login.email')}</span>
          <input name="email" type="email" autoComplete="email" required autoFocus />
        </label>
        <label className="field">
          <span>{t('login.password')}</span>
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t('login.submitting') : t('login.submit')}
        </button>
      </form>
      <p className="muted small">{t('login.invitationOnly')}</p>
    </CenteredCard>
  );
}
