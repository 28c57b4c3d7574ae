import type { Database, Role } from '@party/db';
import type { Auth } from './auth/create-auth';

/** The signed-in person as procedures see them. */
export interface Viewer {
  id: string;
  email: string;
  name: string;
  role: Role;
}

export interface Context {
  db: Database;
  /** Null when the request carries no valid session. */
  viewer: Viewer | null;
  /** Public origin of the app, for links such as invite URLs. */
  publicUrl: string;
}

/** Builds the tRPC context for one request from its headers (session cookie). */
export async function createContext(deps: {
  db: Database;
  auth: Auth;
  publicUrl: string;
  headers: Headers;
}): Promise<Context> {
  const result = await deps.auth.api.getSession({ headers: deps.headers });
  const user = result?.user;
  const viewer: Viewer | null =
    user && !user.disabled
      ? { id: user.id, email: user.email, name: user.name, role: user.role === 'admin' ? 'admin' : 'member' }
      : null;
  return { db: deps.db, viewer, publicUrl: deps.publicUrl };
}
