/** The path of the one-click unsubscribe endpoint (GET: confirmation page, POST: unsubscribe). */
export const UNSUBSCRIBE_PATH = '/mail/unsubscribe';

/** The unsubscribe URL put into a notice mail's body and `List-Unsubscribe` header. */
export function unsubscribeUrl(publicUrl: string, token: string): string {
  const url = new URL(UNSUBSCRIBE_PATH, publicUrl);
  url.searchParams.set('token', token);
  return url.toString();
}
