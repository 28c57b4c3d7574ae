import {
  Alert,
  authClient,
  CenteredCard,
  describedBy,
  errorText,
  Field,
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
import { type SignupErrors, signupProblems } from './signup-rules';

/** Sign-up through an invite link (`/signup?invite=…`): the invite is checked before the form shows. */
export function SignupPage() {
  const t = useT();
  const ui = useUiT();
  const token = useSearchParam('invite') ?? '';
  const queryClient = useQueryClient();
  const invite = trpc.invites.check.useQuery({ token }, { enabled: token.length > 0, retry: false });
  // Someone opening an invite while signed in (often their own, already used): offer the way home.
  const me = trpc.account.me.useQuery(undefined, { retry: false });
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<SignupErrors>({});
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
        {me.data ? (
          <>
            <p>{t('signup.signedInAs', { email: me.data.email })}</p>
            <p>
              <Link to="/" className="button button--primary">
                {t('signup.goHome')}
              </Link>
            </p>
          </>
        ) : (
          <p>
            <Link to="/">{t('signup.signIn')}</Link>
          </p>
        )}
      </CenteredCard>
    );
  }

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get('password') ?? '');
    const problems = signupProblems({
      name: String(form.get('name') ?? ''),
      email: String(form.get('email') ?? ''),
      password,
      confirm: String(form.get('confirm') ?? ''),
    });
    const messages: SignupErrors = Object.fromEntries(
      Object.entries(problems).map(([field, problem]) => [field, t(`signup.problem.${problem}`)]),
    );
    setFieldErrors(messages);
    if (Object.keys(messages).length > 0) return;
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
      <form className="form" onSubmit={onSubmit} noValidate>
        {error && <Alert>{error}</Alert>}
        <Field label={t('signup.name')} htmlFor="signup-name" error={fieldErrors.name}>
          <input
            id="signup-name"
            name="name"
            autoComplete="name"
            maxLength={100}
            {...describedBy('signup-name', fieldErrors.name)}
          />
        </Field>
        <Field label={t('signup.email')} htmlFor="signup-email" error={fieldErrors.email}>
          <input
            id="signup-email"
            name="email"
            type="email"
            autoComplete="email"
            defaultValue={invite.data.email ?? ''}
            readOnly={invite.data.email !== null}
            {...describedBy('signup-email', fieldErrors.email)}
          />
        </Field>
        <Field label={t('signup.password')} htmlFor="signup-password" error={fieldErrors.password}>
          <input
            id="signup-password"
            name="password"
            type="password"
            autoComplete="new-password"
            {...describedBy('signup-password', fieldErrors.password)}
          />
        </Field>
        <Field label={t('signup.passwordAgain')} htmlFor="signup-confirm" error={fieldErrors.confirm}>
          <input
            id="signup-confirm"
            name="confirm"
            type="password"
            autoComplete="new-password"
            {...describedBy('signup-confirm', fieldErrors.confirm)}
          />
        </Field>
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t('signup.creating') : t('signup.create')}
        </button>
      </form>
    </CenteredCard>
  );
}
