import { verifyUnsubscribeToken } from '@party/api/auth';
import { type Database, setMailNotices } from '@party/db';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { escapeHtml } from '../mail/invite-mail';
import { UNSUBSCRIBE_PATH } from '../mail/unsubscribe-url';

/** The page's words; German when the browser prefers it (the SPAs' two languages). */
const TEXT = {
  en: {
    title: 'Notice mails',
    confirm: 'Stop mails about new galleries and sets?',
    explain: 'You can turn them on again on your account page.',
    button: 'Unsubscribe',
    done: 'Done: you will get no more mails about new galleries and sets.',
    again: 'You can turn them on again on your account page.',
    bad: 'This unsubscribe link is not valid. It may have been cut off or changed: open it again from the mail, or turn notices off on your account page.',
    gone: 'There is no account for this link any more.',
  },
  de: {
    title: 'Benachrichtigungen',
    confirm: 'Keine E-Mails mehr über neue Galerien und Sets?',
    explain: 'Du kannst sie auf deiner Kontoseite wieder einschalten.',
    button: 'Abbestellen',
    done: 'Erledigt: Du bekommst keine E-Mails mehr über neue Galerien und Sets.',
    again: 'Du kannst sie auf deiner Kontoseite wieder einschalten.',
    bad: 'Dieser Abmeldelink ist ungültig. Vielleicht wurde er abgeschnitten oder verändert: Öffne ihn erneut aus der E-Mail oder schalte die Benachrichtigungen auf deiner Kontoseite aus.',
    gone: 'Zu diesem Link gibt es kein Konto mehr.',
  },
} as const;

type Words = (typeof TEXT)[keyof typeof TEXT];

function wordsFor(request: FastifyRequest): { lang: 'en' | 'de'; t: Words } {
  const accept = String(request.headers['accept-language'] ?? '').toLowerCase();
  const de = /^\s*de\b/.test(accept);
  return de ? { lang: 'de', t: TEXT.de } : { lang: 'en', t: TEXT.en };
}

function page(reply: FastifyReply, status: number, lang: string, title: string, body: string) {
  return (
    reply
      .code(status)
      .header('cache-control', 'no-store')
      // The token is in the URL: never pass it on in a Referer.
      .header('referrer-policy', 'no-referrer')
      .type('text/html; charset=utf-8')
      .send(
        `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head><body style="font-family:sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.5">${body}</body></html>`,
      )
  );
}

function tokenOf(request: FastifyRequest): string {
  const query = request.query as Record<string, unknown> | undefined;
  return typeof query?.token === 'string' ? query.token : '';
}

/**
 * `GET /mail/unsubscribe?token=…`: a page with one button (mail scanners that follow links must
 * not unsubscribe anyone). `POST` to the same URL unsubscribes: the button, or a mail client's
 * RFC 8058 one-click request (body `List-Unsubscribe=One-Click`). No sign-in; the signed token
 * names the person. A malformed or altered token gets 400 and a page saying so.
 */
export async function registerUnsubscribeRoutes(app: FastifyInstance, deps: { db: Database; key: Buffer }) {
  await app.register(async (scope) => {
    // One-click clients post a form body; its content does not matter, only the token does.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 1024 }, (_request, body, done) =>
      done(null, body),
    );

    scope.get(UNSUBSCRIBE_PATH, async (request, reply) => {
      const { lang, t } = wordsFor(request);
      const token = tokenOf(request);
      if (!verifyUnsubscribeToken(deps.key, token)) {
        return page(reply, 400, lang, t.title, `<h1>${t.title}</h1><p role="alert">${t.bad}</p>`);
      }
      const action = `${UNSUBSCRIBE_PATH}?token=${encodeURIComponent(token)}`;
      return page(
        reply,
        200,
        lang,
        t.title,
        `<h1>${t.title}</h1><p>${t.confirm}</p><form method="post" action="${escapeHtml(action)}"><button type="submit">${t.button}</button></form><p>${t.explain}</p>`,
      );
    });

    scope.post(UNSUBSCRIBE_PATH, async (request, reply) => {
      const { lang, t } = wordsFor(request);
      const userId = verifyUnsubscribeToken(deps.key, tokenOf(request));
      if (!userId) return page(reply, 400, lang, t.title, `<h1>${t.title}</h1><p role="alert">${t.bad}</p>`);
      if (!(await setMailNotices(deps.db, userId, false))) {
        return page(reply, 404, lang, t.title, `<h1>${t.title}</h1><p role="alert">${t.gone}</p>`);
      }
      return page(
        reply,
        200,
        lang,
        t.title,
        `<h1>${t.title}</h1><p role="status">${t.done}</p><p>${t.again}</p>`,
      );
    });
  });
}
