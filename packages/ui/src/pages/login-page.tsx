import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { authClient } from '../auth-client';
import { Alert, Spinner } from '../components/feedback';
import { CenteredCard } from '../components/shell';
import { useUiT } from '../i18n/use-t';
import { fetchSignInOptions, startProviderSignIn, takeSignInError } from '../lib/sign-in-flow';

const KNOWN_REFUSALS = ['not_a_member', 'account_not_linked', 'account_disabled', 'access_denied'] as const;
type KnownRefusal = (typeof KNOWN_REFUSALS)[number];
const isKnownRefusal = (code: string): code is KnownRefusal =>
  (KNOWN_REFUSALS as readonly string[]).includes(code);

/**
 * The sign-in card: "Sign in with <provider>" when the ticketing backend is configured, the password
 * form unless `LOCAL_SIGN_IN=false` (then only behind the break-glass link, where `breakGlass` is
 * set: the admin app), and the reason when the provider sign-in came back refused.
 */
export function LoginPage({ title, breakGlass = false }: { title?: string; breakGlass?: boolean }) {
  const t = useUiT();
  const queryClient = useQueryClient();
  const options = useQuery({
    queryKey: ['login-options'],
    queryFn: fetchSignInOptions,
    staleTime: Infinity,
  });
  const [refusal] = useState(takeSignInError);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [redirecting, setRedirecting] = useState(false);
  const [showPassword, setShowPassword] = useState(false);

  if (options.isPending) return <Spinner />;
  const provider = options.data?.provider ?? null;
  // Unknown options (server unreachable): offer the password form, which reports that itself.
  const localSignIn = options.data?.localSignIn ?? true;
  const passwordForm = localSignIn || showPassword;
  const providerName = provider?.name ?? '';

  const refusalText = refusal
    ? isKnownRefusal(refusal.code)
      ? t(`login.providerRefused.${refusal.code}`, { provider: providerName })
      : t('login.providerRefused.other', { provider: providerName, code: refusal.code })
    : null;

  const onProvider = async () => {
    if (!provider) return;
    setError(null);
    setRedirecting(true);
    try {
      const result = await startProviderSignIn(provider.id);
      if (result.error) {
        setError(result.error);
        setRedirecting(false);
      }
    } catch {
      setError(t('errors.offline'));
      setRedirecting(false);
    }
  };

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
      <div className="form">
        {refusalText && <Alert>{refusalText}</Alert>}
        {error && <Alert>{error}</Alert>}
        {provider && (
          <button
            type="button"
            className="button button--primary"
            onClick={onProvider}
            disabled={redirecting}
          >
            {redirecting
              ? t('login.redirecting', { provider: providerName })
              : t('login.withProvider', { provider: providerName })}
          </button>
        )}
        {provider && passwordForm && <p className="muted small">{t('login.or')}</p>}
      </div>
      {passwordForm && (
        <form className="form" onSubmit={onSubmit}>
          <label className="field">
            <span>{t('login.email')}</span>
            <input name="email" type="email" autoComplete="email" required autoFocus={!provider} />
          </label>
          <label className="field">
            <span>{t('login.password')}</span>
            <input name="password" type="password" autoComplete="current-password" required />
          </label>
          <button
            type="submit"
            className={provider ? 'button button--ghost' : 'button button--primary'}
            disabled={busy}
          >
            {busy ? t('login.submitting') : t('login.submit')}
          </button>
        </form>
      )}
      {!passwordForm && breakGlass && (
        <button type="button" className="button button--ghost" onClick={() => setShowPassword(true)}>
          {t('login.breakGlass')}
        </button>
      )}
      {localSignIn && <p className="muted small">{t('login.invitationOnly')}</p>}
    </CenteredCard>
  );
}
