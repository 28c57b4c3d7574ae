import path from 'node:path';
import type { CaughtMailView } from '@party/api';
import { loadStandIn } from '../services/backing-services';
import { createMailer, type Mailer } from './mailer';

export type MailMode = 'smtp' | 'local' | 'off';

/** Where the local catch-all keeps what it received: shared by the worker and the API on one DATA_DIR. */
export function caughtMailDir(dataDir: string): string {
  return path.join(dataDir, 'mail');
}

/**
 * The sending side, in the process that runs jobs: the configured SMTP server, or (mode `local`)
 * a catch-all on loopback started here, the way the embedded PostgreSQL and S3 stand-ins are.
 * Mode `off`: no mailer; invite mails are never queued then.
 */
export async function startMailSender(options: {
  mode: MailMode;
  smtpUrl?: string;
  from: string;
  dataDir: string;
  log: (message: string) => void;
}): Promise<{ mailer: Mailer | null; stop(): Promise<void> }> {
  if (options.mode === 'off') return { mailer: null, stop: async () => {} };
  if (options.mode === 'smtp' && options.smtpUrl) {
    const mailer = createMailer({ smtpUrl: options.smtpUrl, from: options.from });
    return { mailer, stop: async () => mailer.close() };
  }
  const { startSmtpCatchAll } = await loadStandIn(
    'SMTP_URL',
    () => import('@party/dev-services/smtp-catch-all'),
  );
  const catchAll = await startSmtpCatchAll({ directory: caughtMailDir(options.dataDir) });
  options.log(`local mail catch-all at ${catchAll.url} (read it in the admin app, Mail)`);
  const mailer = createMailer({ smtpUrl: catchAll.url, from: options.from });
  return {
    mailer,
    stop: async () => {
      mailer.close();
      await catchAll.stop();
    },
  };
}

/** The reading side, in the API process: the catch-all's messages (mode `local` only). */
export async function caughtMailReader(
  mode: MailMode,
  dataDir: string,
): Promise<(() => Promise<CaughtMailView[]>) | undefined> {
  if (mode !== 'local') return undefined;
  const { readCaughtMail } = await loadStandIn(
    'SMTP_URL',
    () => import('@party/dev-services/smtp-catch-all'),
  );
  return () => readCaughtMail(caughtMailDir(dataDir));
}
