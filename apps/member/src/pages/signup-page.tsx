import {
  Alert,
  authClient,
  CenteredCard,
  errorText,
  Link,
  navigate,
  Spinner,
  trpc,
  useSearchParam,
} from '@party/ui';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';

/** Sign-up through an invite link (`/signup?invite=…`): the invite is checked before the form shows. */
export function SignupPage() {
  const token = useSearchParam('invite') ?? '';
  const queryClient = useQueryClient();
  const invite = trpc.invites.check.useQuery({ token }, { enabled: token.length > 0, retry: false });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (!token) {
    return (
      <CenteredCard title="Invitation needed">
        <Alert>Membership is by invitation. Open the invite link an admin sent you.</Alert>
        <p>
          <Link to="/">Already a member? Sign in</Link>
        </p>
      </CenteredCard>
    );
  }
  if (invite.isPending) return <Spinner label="Checking your invite…" />;
  if (invite.error) {
    return (
      <CenteredCard title="This invite cannot be used">
        <Alert>{errorText(invite.error)}</Alert>
        <p>
          <Link to="/">Already a member? Sign in</Link>
        </p>
      </CenteredCard>
    );
  }

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get('password') ?? '');
    if (password !== String(form.get('confirm') ?? '')) {
      setError('The two passwords are not the same.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const result = await authClient.signUp.email({
        name: String(form.get('name') ?? '').trim(),
        email: String(form.get('email') ?? '').trim(),
        password,
        inviteToken: token,
      } as Parameters<typeof authClient.signUp.email>[0]);
      if (result.error) {
        setError(result.error.message ?? 'Signing up failed. Try again.');
        return;
      }
      await queryClient.invalidateQueries();
      navigate('/', { replace: true });
    } catch {
      setError('The server cannot be reached. Check your connection and try again.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <CenteredCard title="Join the community">
      <p className="muted">
        You were invited{invite.data.role === 'admin' ? ' as an admin' : ''}. Choose how you sign in.
      </p>
      <form className="form" onSubmit={onSubmit}>
        {error && <Alert>{error}</Alert>}
        <label className="field">
          <span>Your name</span>
          <input name="name" autoComplete="name" required maxLength={100} />
        </label>
        <label className="field">
          <span>E-mail</span>
          <input
            name="email"
            type="email"
            autoComplete="email"
            required
            defaultValue={invite.data.email ?? ''}
            readOnly={invite.data.email !== null}
          />
        </label>
        <label className="field">
          <span>Password (at least 10 characters)</span>
          <input name="password" type="password" autoComplete="new-password" minLength={10} required />
        </label>
        <label className="field">
          <span>Password again</span>
          <input name="confirm" type="password" autoComplete="new-password" minLength={10} required />
        </label>
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Creating your account…' : 'Create account'}
        </button>
      </form>
    </CenteredCard>
  );
}
