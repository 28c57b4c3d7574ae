import { describe, expect, it } from 'vitest';
import { renderInviteMail } from './invite-mail';

const facts = {
  community: 'Night Owls',
  inviterName: 'Alice',
  link: 'http://127.0.0.1:3000/signup?invite=tok_en-123',
  role: 'member' as const,
  expiresAt: new Date('2026-12-09T12:00:00Z'),
};

describe('renderInviteMail', () => {
  it('names the community and the inviter and carries the link in text and HTML', () => {
    const mail = renderInviteMail(facts);
    expect(mail.subject).toBe('Your invite to Night Owls');
    expect(mail.text).toContain('Alice invites you to join Night Owls as a member.');
    expect(mail.text).toContain(`\n${facts.link}\n`);
    expect(mail.text).toContain('until 9 December 2026');
    expect(mail.html).toContain(`<a href="${facts.link}">Create your account</a>`);
  });

  it('says admin for an admin invite and leaves an unknown inviter out', () => {
    const mail = renderInviteMail({ ...facts, inviterName: null, role: 'admin' });
    expect(mail.text.split('\n')[0]).toBe('You are invited to join Night Owls as an admin.');
  });

  it('escapes names in HTML and keeps a line break in a name from starting a new line', () => {
    const mail = renderInviteMail({ ...facts, inviterName: '<b>Eve</b>\r\nBcc: all@x.example' });
    expect(mail.html).toContain('&lt;b&gt;Eve&lt;/b&gt; Bcc: all@x.example invites you');
    expect(mail.html).not.toContain('<b>Eve');
    expect(mail.text.split('\n')[0]).toBe(
      '<b>Eve</b> Bcc: all@x.example invites you to join Night Owls as a member.',
    );
  });

  it('escapes quotes in the link inside the href', () => {
    const mail = renderInviteMail({ ...facts, link: 'http://x.example/signup?invite="><script>' });
    expect(mail.html).toContain('href="http://x.example/signup?invite=&quot;&gt;&lt;script&gt;"');
  });
});
