import { escapeHtml, oneLine, type RenderedMail } from './invite-mail';

export interface NoticeMailFacts {
  community: string;
  kind: 'gallery' | 'set';
  /** The event's or the set's title. */
  title: string;
  /** The set's artist (sets only). */
  artist: string | null;
  /** Where the member opens it (the gallery or the set page). */
  link: string;
  /** The one-click unsubscribe URL (GET shows a confirmation, POST unsubscribes). */
  unsubscribeUrl: string;
}

/**
 * "New gallery / new set": what was published and a link to it, in plain text and simple HTML,
 * with RFC 8058 one-click unsubscribe headers (`List-Unsubscribe` + `List-Unsubscribe-Post`) and
 * the same link in the body.
 */
export function renderNoticeMail(facts: NoticeMailFacts): RenderedMail {
  const community = oneLine(facts.community);
  const title = oneLine(facts.title);
  const what =
    facts.kind === 'gallery'
      ? `The photos of ${title} are online.`
      : `A new set is online: ${title}${facts.artist ? ` by ${oneLine(facts.artist)}` : ''}.`;
  const open = facts.kind === 'gallery' ? 'See the photos:' : 'Listen here:';
  const why = `You get this mail because you are a member of ${community}.`;
  const stop = 'No more mails like this:';
  const text = [what, '', open, facts.link, '', '--', why, stop, facts.unsubscribeUrl, ''].join('\n');
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">',
    `<p>${escapeHtml(what)}</p>`,
    `<p><a href="${escapeHtml(facts.link)}">${escapeHtml(open.replace(/:$/, ''))}</a></p>`,
    `<p style="color:#555;font-size:small">${escapeHtml(why)} <a href="${escapeHtml(facts.unsubscribeUrl)}">${escapeHtml(stop.replace(/:$/, ''))}</a></p>`,
    '</body></html>',
  ].join('\n');
  return {
    subject: facts.kind === 'gallery' ? `New photos: ${title}` : `New set: ${title}`,
    text,
    html,
    headers: {
      'List-Unsubscribe': `<${facts.unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}
