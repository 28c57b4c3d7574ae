/** The shortest password the server takes (better-auth's `minPasswordLength`, see create-auth.ts). */
export const MIN_PASSWORD_LENGTH = 10;

export type SignupField = 'name' | 'email' | 'password' | 'confirm';
export type SignupProblem = 'nameMissing' | 'emailInvalid' | 'passwordShort' | 'mismatch';
export type SignupErrors = Partial<Record<SignupField, string>>;

/**
 * What is wrong with a filled-in sign-up form, per field, before anything is sent: shown beside
 * the fields like every other form's messages (the browser's own popups are turned off).
 */
export function signupProblems(
  values: Record<SignupField, string>,
): Partial<Record<SignupField, SignupProblem>> {
  const problems: Partial<Record<SignupField, SignupProblem>> = {};
  if (values.name.trim() === '') problems.name = 'nameMissing';
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email.trim())) problems.email = 'emailInvalid';
  if (values.password.length < MIN_PASSWORD_LENGTH) problems.password = 'passwordShort';
  else if (values.password !== values.confirm) problems.confirm = 'mismatch';
  return problems;
}
