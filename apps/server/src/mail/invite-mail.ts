/** A rendered mail: what nodemailer needs besides the addresses. */
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
  /** Extra headers (only fixed names; values from data must be one line, e.g. a URL we built). */
  headers?: Record<string, string>;
}

export interface InviteMailFacts {
  community: string;
  /** The admin who created the invite; omitted from the mail when unknown. */
  inviterName: string | null;
  link: string;
  role: 'member' | 'admin';
  expiresAt: Date;
}

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Names come from accounts: a line break in one must not turn into a new header or paragraph. */
export function oneLine(value: string): string {
  return value.replace(/[\r\n\t\u2028\u2029]+/g, ' ').trim();
}

export function formatDate(date: Date): string {
  return date.toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/** The invite mail, as plain text and simple HTML with the same content. */
export function renderInviteMail(facts: InviteMailFacts): RenderedMail {
  return renderInvite(facts, false);
}

/** The one reminder of an unused invite: the same link, said again with its deadline. */
export function renderInviteReminderMail(facts: InviteMailFacts): RenderedMail {
  return renderInvite(facts, true);
}

function renderInvite(facts: InviteMailFacts, reminder: boolean): RenderedMail {
  const community = oneLine(facts.community);
  const inviter = facts.inviterName ? oneLine(facts.inviterName) : null;
  const role = facts.role === 'admin' ? 'an admin' : 'a member';
  const invitation = inviter
    ? `${inviter} invites you to join ${community} as ${role}.`
    : `You are invited to join ${community} as ${role}.`;
  const opening = reminder
    ? `${invitation} This is a reminder: the invite has not been used yet.`
    : invitation;
  const expiry = `The link works once and until ${formatDate(facts.expiresAt)}.`;
  const ignore = 'If you did not expect this mail, ignore it: nothing happens without the link.';
  const text = [
    opening,
    '',
    'Create your account here:',
    facts.link,
    '',
    expiry,
    ignore,
    '',
    `-- ${community}`,
    '',
  ].join('\n');
  const link = escapeHtml(facts.link);
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">',
    `<p>${escapeHtml(opening)}</p>`,
    `<p><a href="${link}">Create your account</a></p>`,
    `<p style="color:#555">Or copy this link: ${link}</p>`,
    `<p>${escapeHtml(expiry)}<br>${escapeHtml(ignore)}</p>`,
    `<p>— ${escapeHtml(community)}</p>`,
    '</body></html>',
  ].join('\n');
  return {
    subject: reminder ? `Reminder: your invite to ${community}` : `Your invite to ${community}`,
    text,
    html,
  };
}
