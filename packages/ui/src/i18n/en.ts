/** packages/ui's own texts in English: the shared shell, sign-in, not-found page and formats. */
export const en = {
  shell: {
    brand: 'Party media',
    mainNav: 'Main',
    adminBadge: 'admin',
    signOut: 'Sign out',
  },
  language: {
    label: 'Language',
  },
  loading: 'Loading…',
  notFound: {
    title: 'Page not found',
    body: 'There is nothing at this address.',
  },
  login: {
    title: 'Sign in',
    email: 'E-mail',
    password: 'Password',
    submit: 'Sign in',
    submitting: 'Signing in…',
    tooMany: 'Too many sign-in attempts. Wait a minute and try again.',
    failed: 'Signing in failed. Try again.',
    invitationOnly: 'New here? Membership is by invitation: open the invite link you were sent.',
    withProvider: 'Sign in with {{provider}}',
    redirecting: 'Opening {{provider}}…',
    or: 'or with a password',
    breakGlass: 'Sign in with a local admin password',
    providerRefused: {
      not_a_member:
        'Your {{provider}} account is not a member of this community, so it cannot sign in here. If you think this is wrong, ask the organisers to add you to the community at {{provider}}.',
      account_not_linked:
        'An account with your e-mail address already exists here, but {{provider}} has not confirmed that this address is yours. Confirm your e-mail address at {{provider}}, then sign in again.',
      account_disabled: 'This account has been disabled. Ask an admin of the community.',
      access_denied: 'Signing in at {{provider}} was cancelled.',
      other: 'Signing in with {{provider}} did not work ({{code}}). Try again.',
    },
  },
  errors: {
    offline: 'The server cannot be reached. Check your connection and try again.',
    generic: 'Something went wrong. Try again.',
  },
  duration: {
    seconds: '{{s}} s',
    minutes: '{{m}} min',
    hours: '{{h}} h',
    hoursMinutes: '{{h}} h {{m}} min',
  },
};
