import type { SignInOptions } from '@party/api/auth';
import { authClient } from '../auth-client';

/** The SPA's own address (`/` or `/admin/`): where the provider sends the browser back, also after logout. */
export function spaHome(): string {
  return import.meta.env.BASE_URL.endsWith('/') ? import.meta.env.BASE_URL : `${import.meta.env.BASE_URL}/`;
}

/** What the server offers: "Sign in with <provider>", the password form, or both. */
export async function fetchSignInOptions(): Promise<SignInOptions> {
  const result = await authClient.$fetch<SignInOptions>('/login-options', { method: 'GET' });
  if (result.error || !result.data) throw new Error(result.error?.message ?? 'sign-in options unavailable');
  return result.data;
}

/** Sends the browser to the provider's login; it comes back to this SPA, with `?error=` when refused. */
export async function startProviderSignIn(providerId: string): Promise<{ error?: string }> {
  const home = spaHome();
  const result = await authClient.signIn.social({
    provider: providerId,
    callbackURL: home,
    errorCallbackURL: home,
  });
  return { error: result.error ? (result.error.message ?? 'failed') : undefined };
}

/** The refusal the provider sign-in came back with (`?error=…`), read once and cleared from the address bar. */
export function takeSignInError(): { code: string; description?: string } | null {
  const url = new URL(window.location.href);
  const code = url.searchParams.get('error');
  if (!code) return null;
  const description = url.searchParams.get('error_description') ?? undefined;
  url.searchParams.delete('error');
  url.searchParams.delete('error_description');
  window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}${url.hash}`);
  return { code, description };
}

/**
 * Ends the session here and, when the person came through the ticketing backend and it offers
 * RP-initiated logout, there too (the browser goes to its logout page and comes back to this SPA),
 * so the next person on a shared phone is not signed straight back in.
 */
export async function signOutEverywhere(): Promise<void> {
  const result = await authClient.signOut({ callbackURL: spaHome(), disableRedirect: true });
  const url = result.data?.url;
  if (url) window.location.assign(url);
  else window.location.reload();
}
