import { parseArgs } from 'node:util';
import { type IdpUser, startOidcProvider } from './oidc-provider';

/**
 * `pnpm dev:idp`: the stand-in ticketing backend for trying sign-in with OpenID Connect locally.
 * Starts the provider with three demo people and prints the variables to start the app with.
 * `--port` (default 4455) and `--public-url` (the app's PUBLIC_URL, default http://localhost:3000)
 * adapt it: `pnpm dev:idp --port 4456`.
 */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4455' },
    'public-url': { type: 'string', default: 'http://localhost:3000' },
  },
});
const port = Number(values.port);
const publicUrl = values['public-url'].replace(/\/+$/, '');
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
