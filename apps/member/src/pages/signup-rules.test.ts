import { describe, expect, it } from 'vitest';
import { signupProblems } from './signup-rules';

describe('signupProblems', () => {
  const good = {
    name: 'Mia',
    email: 'mia@example.org',
    password: 'long enough pw',
    confirm: 'long enough pw',
  };

  it('accepts a complete form', () => {
    expect(signupProblems(good)).toEqual({});
  });

  it('names each problem beside its field', () => {
    expect(signupProblems({ name: ' ', email: 'mia', password: 'short', confirm: 'short' })).toEqual({
      name: 'nameMissing',
      email: 'emailInvalid',
      password: 'passwordShort',
    });
    expect(signupProblems({ ...good, confirm: 'something else' })).toEqual({ confirm: 'mismatch' });
  });
});
