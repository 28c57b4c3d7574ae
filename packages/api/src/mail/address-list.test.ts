import { describe, expect, it } from 'vitest';
import { parseAddressList } from './address-list';

describe('parseAddressList', () => {
  it.each([
    ['one per line', 'a@x.example\nB@x.example\r\n', ['a@x.example', 'b@x.example']],
    [
      'commas and semicolons',
      'a@x.example, b@x.example; c@x.example',
      ['a@x.example', 'b@x.example', 'c@x.example'],
    ],
    ['as mail programs copy them', 'Ann Example <ann@x.example>', ['ann@x.example']],
    ['each address once', 'a@x.example\nA@X.example', ['a@x.example']],
  ])('%s', (_name, text, emails) => {
    expect(parseAddressList(text).map((entry) => entry.email)).toEqual(emails);
  });

  it('marks what is not one valid address, header injection included', () => {
    const entries = parseAddressList('not-an-address\nvictim@x.example\rBcc: all@x.example\n<>');
    expect(entries.filter((entry) => entry.email === null).map((entry) => entry.input)).toEqual([
      'not-an-address',
      'victim@x.example\rBcc: all@x.example',
      '<>',
    ]);
  });
});
