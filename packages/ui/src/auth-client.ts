import { createAuthClient } from 'better-auth/react';

/** better-auth's browser client, same origin as the page (Vite proxies it in development). */
export const authClient = createAuthClient({ basePath: '/api/auth' });
