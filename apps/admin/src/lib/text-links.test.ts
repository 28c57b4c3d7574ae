import { describe, expect, it } from 'vitest';
import { splitLinks } from './text-links';

describe('splitLinks', () => {
  it('finds an invite link on its own line and keeps the text around it', () => {
    expect(splitLinks('Join here:\nhttp://127.0.0.1:3000/signup?invite=a_b-c\n\nBye')).toEqual([
      { kind: 'text', text: 'Join here:\n' },
      { kind: 'link', href: 'http://127.0.0.1:3000/signup?invite=a_b-c' },
      { kind: 'text', text: '\n\nBye' },
    ]);
  });

  it('leaves closing punctuation out of the link and ignores other schemes', () => {
    expect(splitLinks('See https://x.example/a. Not javascript:alert(1)')).toEqual([
      { kind: 'text', text: 'See ' },
      { kind: 'link', href: 'https://x.example/a' },
      { kind: 'text', text: '. Not javascript:alert(1)' },
    ]);
  });
});
