import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { REPO_ROOT } from './env';

/** The release shown on the admin System page: the workspace's `version`. */
export async function appVersion(): Promise<string> {
  try {
    const manifest = JSON.parse(await readFile(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
      version?: unknown;
    };
    return typeof manifest.version === 'string' ? manifest.version : 'unknown';
  } catch {
    return 'unknown';
  }
}
