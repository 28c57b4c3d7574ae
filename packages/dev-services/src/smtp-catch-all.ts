import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type AddressObject, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One message the catch-all received, as the admin app shows it. */
export interface CaughtMail {
  id: string;
  /** ISO time the catch-all accepted it. */
  receivedAt: string;
  from: string;
  /** Envelope recipients: who the SMTP client really delivered to (Bcc included). */
  to: string[];
  subject: string;
  text: string;
  html: string | null;
  /** Header names as received, lower-case: proves that nothing smuggled in an extra one. */
  headerNames: string[];
  /**
   * The `List-Unsubscribe` and `List-Unsubscribe-Post` lines as received (lower-case names,
   * unfolded values); absent in messages stored before this was kept.
   */
  unsubscribeHeaders?: Record<string, string>;
}

/** A started catch-all: where to send, and how to stop it. */
export interface RunningSmtpCatchAll {
  /** `smtp://127.0.0.1:<port>`, ready for nodemailer. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

// A runaway sender must not fill the disk: messages beyond this are refused with a 552.
const MAX_MESSAGE_BYTES = 1024 * 1024;
// Only the newest are kept; older files are removed as new ones arrive.
const KEEP_MESSAGES = 500;

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.flatMap((entry) => entry.value.map((address) => address.address ?? '')).filter(Boolean);
}

/**
 * Starts a local SMTP server on 127.0.0.1 (random port unless given) that accepts every message
 * without authentication and stores it as JSON in `directory`, so a fresh clone can read what
 * members would receive. Loopback only: it must never relay or be reachable from the network.
 */
export async function startSmtpCatchAll(opts: {
  directory: string;
  port?: number;
}): Promise<RunningSmtpCatchAll> {
  await mkdir(opts.directory, { recursive: true });
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    size: MAX_MESSAGE_BYTES,
    logger: false,
    onData(stream, session, callback) {
      const to = session.envelope.rcptTo.map((rcpt) => rcpt.address);
      simpleParser(stream)
        .then(async (parsed) => {
          if (stream.sizeExceeded) {
            callback(Object.assign(new Error('Message too large'), { responseCode: 552 }));
            return;
          }
          const receivedAt = new Date().toISOString();
          const mail: CaughtMail = {
            id: randomUUID(),
            receivedAt,
            from: addresses(parsed.from)[0] ?? (session.envelope.mailFrom || undefined)?.address ?? '',
            to: to.length > 0 ? to : addresses(parsed.to),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : null,
            headerNames: [...parsed.headers.keys()],
            unsubscribeHeaders: Object.fromEntries(
              parsed.headerLines
                .filter((header) => header.key.startsWith('list-unsubscribe'))
                .map((header) => [
                  header.key,
                  header.line
                    .slice(header.line.indexOf(':') + 1)
                    .replace(/\r?\n[ \t]+/g, ' ')
                    .trim(),
                ]),
            ),
          };
          // Written then renamed, so a reader never sees half a file.
          const name = `${receivedAt.replace(/[:.]/g, '-')}-${mail.id}.json`;
          const temp = path.join(opts.directory, `.${name}.tmp`);
          await writeFile(temp, JSON.stringify(mail));
          await rename(temp, path.join(opts.directory, name));
          await pruneOldMail(opts.directory);
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  let stopped: Promise<void> | undefined;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    stop: () => {
      stopped ??= new Promise<void>((resolve) => server.close(() => resolve()));
      return stopped;
    },
  };
}

async function mailFiles(directory: string): Promise<string[]> {
  const names = await readdir(directory).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  // File names start with the receive time, so the name order is the time order.
  return names.filter((name) => name.endsWith('.json') && !name.startsWith('.')).sort();
}

async function pruneOldMail(directory: string): Promise<void> {
  const files = await mailFiles(directory);
  for (const name of files.slice(0, Math.max(0, files.length - KEEP_MESSAGES))) {
    await rm(path.join(directory, name), { force: true });
  }
}

/** The caught messages in `directory`, newest first. */
export async function readCaughtMail(directory: string, limit = 100): Promise<CaughtMail[]> {
  const files = (await mailFiles(directory)).reverse().slice(0, limit);
  const mails: CaughtMail[] = [];
  for (const name of files) {
    const text = await readFile(path.join(directory, name), 'utf8').catch(() => null);
    if (text) mails.push(JSON.parse(text) as CaughtMail);
  }
  return mails;
}
