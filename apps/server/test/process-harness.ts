import { readdir, readFile } from 'node:fs/promises';

/**
 * What the tests that run the server as child processes share (server-faults, worker-faults,
 * production): signing in and asking a tus offset over plain HTTP, and looking at processes in /proc.
 */

/** Signs in with a password over HTTP; returns the session cookie (`name=value`). */
export async function signInOverHttp(
  base: string,
  email: string,
  password: string,
  origin = base,
): Promise<string> {
  const response = await fetch(`${base}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

/** The offset the server reports for an upload (tus HEAD); throws unless it answers 200. */
export async function tusOffset(base: string, cookie: string, location: string): Promise<number> {
  const head = await fetch(new URL(location, base), {
    method: 'HEAD',
    headers: { cookie, 'tus-resumable': '1.0.0' },
  });
  if (head.status !== 200) throw new Error(`tus HEAD answered ${head.status}`);
  return Number(head.headers.get('upload-offset'));
}

/** Processes whose parent is `pid` and whose command is ffmpeg. */
export async function ffmpegChildrenOf(pid: number): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // pid (comm) state ppid …: comm may hold spaces, so split after its closing parenthesis.
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const [, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (comm === 'ffmpeg' && Number(ppid) === pid) found.push(Number(entry));
  }
  return found;
}

/** Alive and not a zombie waiting to be reaped. */
export async function isRunning(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
  return stat !== '' && state !== 'Z' && state !== 'X';
}
