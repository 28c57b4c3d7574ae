import { describe, expect, it } from 'vitest';
import { normaliseCommentBody } from './comment-rules';

describe('normaliseCommentBody', () => {
  it.each([
    ['  that drop!  ', 'that drop!'],
    ['line one\r\nline two\rthree', 'line one\nline two\nthree'],
    ['a\n\n\n\n\nb', 'a\n\nb'],
    ['bell\u0007 and nul\u0000 go', 'bell and nul go'],
    ['tab\tstays', 'tab\tstays'],
    ['\u202eevil bidi', 'evil bidi'],
    ['<b>not markup</b>', '<b>not markup</b>'],
    ['   \n\t ', ''],
  ])('%j → %j', (raw, stored) => {
    expect(normaliseCommentBody(raw)).toBe(stored);
  });
});
