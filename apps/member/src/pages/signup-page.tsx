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
  useUiT,
} from '@party/ui';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useT } from '../i18n';

/** Sign-up through an invite link (`/signup?invite=…`): the invite is checked before the form shows. */
export function SignupPage() {
  const t = useT();
  const ui = useUiT();
  const token = useSearchParam('invite') ?? '';
  const queryClient = useQueryClient();
  const invite = trpc.invites.check.useQuery({ token }, { enabled: token.length > 0, retry: false });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (!token) {
    return (
      <CenteredCard title={t('signup.neededTitle')}>
        <Alert>{t('signup.needed')}</Alert>
        <p>
          <Link to="/">{t('signup.signIn')}</Link>
        </p>
      </CenteredCard>
    );
  }
  if (invite.isPending) return <Spinner label={t('signup.checking')} />;
  if (invite.error) {
    return (
      <CenteredCard title={t('signup.unusableTitle')}>
        <Alert>{errorText(invite.error)}</Alert>
        <p>
          <Link to="/">{t('signup.signIn')}</Link>
        </p>
      </CenteredCard>
    );
  }

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get('password') ?? '');
    if (password !== String(form.get('confirm') ?? '')) {
      setError(t('signup.mismatch'));
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
        setError(result.error.message ?? t('signup.failed'));
        return;
      }
      await queryClient.invalidateQueries();
      navigate('/', { replace: true });
    } catch {
      setError(ui('errors.offline'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <CenteredCard title={t('signup.title')}>
      <p className="muted">{invite.data.role === 'admin' ? t('signup.invitedAdmin') : t('signup.invited')}</p>
      <form className="form" onSubmit={onSubmit}>
        {error && <Alert>{error}</Alert>}
        <label className="field">
          <span>{t('signup.name')}</span>
          <input name="name" autoComplete="name" required maxLength={100} />
        </label>
        <label className="field">
          <span>{t('signup.email')}</span>
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
          <span>{t('signup.password')}</span>
          <input name="password" type="password" autoComplete="new-password" minLength={10} required />
        </label>
        <label className="field">
          <span>{t('signup.passwordAgain')}</span>
          <input name="confirm" type="password" autoComplete="new-password" minLength={10} required />
        </label>
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t('signup.creating') : t('signup.create')}
        </button>
      </form>
    </CenteredCard>
  );
}
