import { type IdpUser, startOidcProvider } from './oidc-provider';

/**
 * `pnpm dev:idp`: the stand-in ticketing backend for trying sign-in with OpenID Connect locally.
 * Starts the provider with three demo people and prints the variables to start the app with.
 * `DEV_IDP_PORT` (default 4455) and `PUBLIC_URL` (default http://localhost:3000) adapt it.
 */
const port = Number(process.env.DEV_IDP_PORT ?? 4455);
const publicUrl = (process.env.PUBLIC_URL ?? 'http://localhost:3000').replace(/\/+$/, '');
const CLIENT_ID = 'party-media';
const CLIENT_SECRET = 'dev-idp-client-secret';

const demo = (username: string, name: string, groups: string[]): IdpUser => ({
  subject: `dev-${username}`,
  username,
  password: `${username}-password`,
  email: `${username}@ticketing.local`,
  emailVerified: true,
  name,
  groups,
});
const users = [
  demo('member', 'Demo Member', ['member']),
  demo('admin', 'Demo Admin', ['member', 'admin']),
  demo('outsider', 'Demo Outsider', ['newsletter']),
];

const idp = await startOidcProvider({
  port,
  users,
  client: {
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    redirectUris: [`${publicUrl}/api/auth/callback/ticketing`],
    postLogoutRedirectUris: [`${publicUrl}/`, `${publicUrl}/admin/`],
  },
});

const roleOf = (groups: string[]) =>
  groups.includes('admin') ? 'admin' : groups.includes('member') ? 'member' : 'refused (no member claim)';
process.stdout.write(
  [
    '',
    `Stand-in ticketing backend (OpenID provider) at ${idp.url}`,
    '',
    'Start the app in a second terminal with:',
    '',
    `  OIDC_ISSUER=${idp.url} OIDC_CLIENT_ID=${CLIENT_ID} OIDC_CLIENT_SECRET=${CLIENT_SECRET} \\`,
    `  OIDC_PROVIDER_NAME="Ticketing (dev)" npm start`,
    '',
    `then open ${publicUrl}/ and choose "Sign in with Ticketing (dev)". People (username / password):`,
    ...users.map(
      (user) => `  ${user.username.padEnd(9)} ${user.password.padEnd(19)} → ${roleOf(user.groups)}`,
    ),
    '',
    'Ctrl+C stops it (it keeps no data).',
    '',
  ].join('\n'),
);

const stop = async () => {
  await idp.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
