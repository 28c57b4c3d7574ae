import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { authClient } from '../auth-client';
import { Alert } from '../components/feedback';
import { CenteredCard } from '../components/shell';

/** Email + password sign-in; on success the session query is refetched and the app appears. */
export function LoginPage({ title = 'Sign in' }: { title?: string }) {
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
          result.error.status === 429
            ? 'Too many sign-in attempts. Wait a minute and try again.'
            : (result.error.message ?? 'Signing in failed. Try again.'),
        );
        return;
      }
      await queryClient.invalidateQueries();
    } catch {
      setError('The server cannot be reached. Check your connection and try again.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <CenteredCard title={title}>
      <form className="form" onSubmit={onSubmit}>
        {error && <Alert>{error}</Alert>}
        <label className="field">
          <span>E-mail</span>
          <input name="email" type="email" autoComplete="email" required autoFocus />
        </label>
        <label className="field">
          <span>Password</span>
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p className="muted small">
        New here? Membership is by invitation: open the invite link you were sent.
      </p>
    </CenteredCard>
  );
}
