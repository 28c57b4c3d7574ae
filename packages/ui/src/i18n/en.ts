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
