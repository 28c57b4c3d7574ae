import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SignInPolicy } from '@party/api/auth';
import { z } from 'zod';

/** The repository root, where `.data/` and the built SPAs live. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const commaList = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  );

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .optional()
  .transform((value) => (value === undefined ? undefined : ['true', '1', 'yes'].includes(value)));

const WEBHOOK_SECRET = /^(whsec_)?[A-Za-z0-9+/]+={0,2}$/;

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('localhost'),
    PUBLIC_URL: z.url().optional(),
    TRUSTED_ORIGINS: commaList,
    TRUST_PROXY: flag,
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DATA_DIR: z.string().min(1).default(path.join(REPO_ROOT, '.data')),
    DATABASE_URL: z.url().optional(),
    S3_ENDPOINT: z.url().optional(),
    S3_REGION: z.string().min(1).default('de'),
    S3_BUCKET: z.string().min(3).optional(),
    S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    BETTER_AUTH_SECRET: z
      .string()
      .min(32, 'must be at least 32 characters (e.g. openssl rand -hex 32)')
      .optional(),
    /** `api` serves HTTP, `worker` runs background jobs, `all` does both in one process. */
    ROLE: z.enum(['api', 'worker', 'all']).default('all'),
    S3_TAGGING: flag,
    /**
     * The S3 stand-in when no S3_ENDPOINT is set: `emulator` (portable, data under DATA_DIR) or
     * `rgw`, a throw-away local Ceph RADOS Gateway (Debian's radosgw; data in memory, gone on stop).
     */
    DEV_S3: z.enum(['emulator', 'rgw']).default('emulator'),
    UPLOAD_MAX_IMAGE_MB: z.coerce.number().int().min(1).default(200),
    UPLOAD_MAX_AUDIO_MB: z.coerce.number().int().min(1).default(8192),
    UPLOAD_CONCURRENCY: z.coerce.number().int().min(1).default(6),
    SIGN_IN_RATE_LIMIT: z.coerce.number().int().min(1).default(5),
    DEMO_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
    /** The `pg_dump` the backup CLI runs; unset: the one matching the server's major version. */
    PG_DUMP: z.string().min(1).optional(),
    /** Password for the admin:create CLI, instead of the prompt. */
    ADMIN_PASSWORD: z.string().optional(),
    SEED_DEMO: flag,
    /** `presigned`: members fetch media straight from S3; `proxy`: through `/media` on this server. */
    DELIVERY_MODE: z.enum(['presigned', 'proxy']).default('presigned'),
    /** Disk cache of proxied objects; defaults to `<DATA_DIR>/media-cache`. */
    MEDIA_CACHE_DIR: z.string().min(1).optional(),
    /** Byte budget of that cache in MiB; 0 turns it off (every proxied request streams from S3). */
    MEDIA_CACHE_MAX_MB: z.coerce.number().int().min(0).default(2048),
    /** Encode FLAC uploads while they arrive (README, Architecture); `off`: only after the upload. */
    LIVE_ENCODE: z.enum(['on', 'off']).default('on'),
    /** Spool of uploads being encoded live; defaults to `<DATA_DIR>/live-spool`. */
    LIVE_SPOOL_DIR: z.string().min(1).optional(),
    /** Sign-in with the ticketing backend (OpenID Connect): its issuer URL; unset: local accounts only. */
    OIDC_ISSUER: z.url().optional(),
    OIDC_CLIENT_ID: z.string().min(1).optional(),
    OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    /** Shown on the login pages: "Sign in with <name>". */
    OIDC_PROVIDER_NAME: z.string().min(1).default('Ticketing'),
    /** Scopes requested, space-separated; must release the e-mail and the roles claim. */
    OIDC_SCOPES: z.string().min(1).default('openid email profile'),
    /** The claim listing a person's groups or roles (a dotted path reaches into an object). */
    OIDC_ROLES_CLAIM: z.string().min(1).default('groups'),
    /** The value of that claim that makes a member; without it (or the admin value) sign-in is refused. */
    OIDC_MEMBER_VALUE: z.string().min(1).default('member'),
    /** The value of that claim that makes an admin. */
    OIDC_ADMIN_VALUE: z.string().min(1).default('admin'),
    /** `false`: no password sign-in (except admins: break-glass) and no password sign-up. */
    LOCAL_SIGN_IN: flag,
    /**
     * Tests only: a file holding seconds to add to the share-link clock (expiry, open log), so a
     * browser test can let a link expire without waiting. Refused with NODE_ENV=production.
     */
    TEST_CLOCK_OFFSET_FILE: z.string().min(1).optional(),
    /** `/metrics` on the main port behind this bearer token; unset (and no METRICS_PORT): metrics are off. */
    METRICS_TOKEN: z
      .string()
      .min(16, 'must be at least 16 characters (e.g. openssl rand -hex 24)')
      .optional(),
    /** `/metrics` without a token on a listener of its own (on METRICS_HOST); the way for ROLE=worker. */
    METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    /** Where METRICS_PORT listens; loopback unless a scraper on another machine must reach it. */
    METRICS_HOST: z.string().min(1).default('127.0.0.1'),
    /** Shared secret of the ticketing backend's webhooks (`whsec_` + base64); unset: `/hooks/ticketing` answers 404. */
    TICKETING_WEBHOOK_SECRET: z
      .string()
      .refine(
        (value) =>
          WEBHOOK_SECRET.test(value) && Buffer.from(value.replace(/^whsec_/, ''), 'base64').length >= 24,
        'must be whsec_ followed by at least 24 random bytes in base64 (e.g. echo whsec_$(openssl rand -base64 32))',
      )
      .optional(),
    /** The ticketing backend's pull API for reconciliation (with TICKETING_API_TOKEN). */
    TICKETING_API_URL: z.url().optional(),
    TICKETING_API_TOKEN: z.string().min(1).optional(),
    /** Outgoing mail, e.g. smtp://user:password@mail.example.org:587 (smtps:// for implicit TLS). */
    SMTP_URL: z
      .url()
      .refine((value) => /^smtps?:\/\//.test(value), 'must start with smtp:// or smtps://')
      .optional(),
    /** The sender of every mail, e.g. `Party media <media@example.org>`. */
    MAIL_FROM: z
      .string()
      .max(200)
      .refine((value) => !/[\r\n]/.test(value), 'must be one line')
      .optional(),
    /** Days after an invite mail before its one reminder, if the invite is still unused; 0: no reminders. */
    INVITE_REMINDER_AFTER_DAYS: z.coerce.number().int().min(0).max(60).default(3),
    /** The community's name, shown in mails. */
    COMMUNITY_NAME: z
      .string()
      .trim()
      .min(1)
      .max(80)
      .refine((value) => !/[\r\n]/.test(value), 'must be one line')
      .default('Party media'),
  })
  .superRefine((env, ctx) => {
    const need = (key: keyof typeof env, why: string) => {
      if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: why });
    };
    if (env.NODE_ENV === 'production') {
      need('DATABASE_URL', 'is required in production (postgres://user:password@host:5432/database)');
      need('S3_ENDPOINT', 'is required in production (e.g. https://s3.hidrive.strato.com)');
      need('BETTER_AUTH_SECRET', 'is required in production (e.g. openssl rand -hex 32)');
      need(
        'PUBLIC_URL',
        'is required in production (the address members open, e.g. https://media.example.org)',
      );
    }
    if (env.OIDC_ISSUER) need('OIDC_CLIENT_ID', 'is required when OIDC_ISSUER is set');
    if (env.OIDC_CLIENT_ID) need('OIDC_ISSUER', 'is required when OIDC_CLIENT_ID is set');
    if (env.LOCAL_SIGN_IN === false) {
      need('OIDC_ISSUER', 'is required when LOCAL_SIGN_IN=false (members need some way to sign in)');
    }
    if (env.NODE_ENV === 'production' && env.TEST_CLOCK_OFFSET_FILE) {
      ctx.addIssue({
        code: 'custom',
        path: ['TEST_CLOCK_OFFSET_FILE'],
        message: 'is for tests only and refused in production',
      });
    }
    if (env.TICKETING_API_URL) need('TICKETING_API_TOKEN', 'is required when TICKETING_API_URL is set');
    if (env.TICKETING_API_TOKEN) need('TICKETING_API_URL', 'is required when TICKETING_API_TOKEN is set');
    if (env.S3_ENDPOINT) {
      need('S3_BUCKET', 'is required when S3_ENDPOINT is set');
      need('S3_ACCESS_KEY_ID', 'is required when S3_ENDPOINT is set');
      need('S3_SECRET_ACCESS_KEY', 'is required when S3_ENDPOINT is set');
    }
  })
  .transform((env) => ({
    ...env,
    MEDIA_CACHE_DIR: path.resolve(env.MEDIA_CACHE_DIR ?? path.join(env.DATA_DIR, 'media-cache')),
    LIVE_SPOOL_DIR: path.resolve(env.LIVE_SPOOL_DIR ?? path.join(env.DATA_DIR, 'live-spool')),
  }));

export type Env = z.infer<typeof schema>;

/** The address people open: `PUBLIC_URL`, or the local one. */
export function publicUrlOf(env: Env): string {
  return env.PUBLIC_URL ?? `http://localhost:${env.PORT}`;
}

/** Who may sign in how: the ticketing backend when `OIDC_ISSUER` is set, passwords unless `LOCAL_SIGN_IN=false`. */
export function signInPolicyOf(env: Env): SignInPolicy {
  const oidc =
    env.OIDC_ISSUER && env.OIDC_CLIENT_ID
      ? {
          issuer: env.OIDC_ISSUER,
          clientId: env.OIDC_CLIENT_ID,
          clientSecret: env.OIDC_CLIENT_SECRET,
          providerName: env.OIDC_PROVIDER_NAME,
          scopes: env.OIDC_SCOPES.split(/\s+/).filter(Boolean),
          rolesClaim: env.OIDC_ROLES_CLAIM,
          memberValue: env.OIDC_MEMBER_VALUE,
          adminValue: env.OIDC_ADMIN_VALUE,
        }
      : undefined;
  return { oidc, localSignIn: env.LOCAL_SIGN_IN ?? true };
}

/** The ticketing backend's pull API, when both of its variables are set. */
export function ticketingApiOf(env: Env): { url: string; token: string } | null {
  return env.TICKETING_API_URL && env.TICKETING_API_TOKEN
    ? { url: env.TICKETING_API_URL, token: env.TICKETING_API_TOKEN }
    : null;
}

/**
 * How mail leaves: `smtp` with `SMTP_URL`; otherwise `local` (the loopback catch-all, readable in
 * the admin app) in development, `off` in production, where invite links are copied by hand.
 */
export function mailModeOf(env: Env): 'smtp' | 'local' | 'off' {
  if (env.SMTP_URL) return 'smtp';
  return env.NODE_ENV === 'production' ? 'off' : 'local';
}

/** The sender: `MAIL_FROM`, or the community's name at no-reply@ the public host. */
export function mailFromOf(env: Env, publicUrl: string): string {
  if (env.MAIL_FROM) return env.MAIL_FROM;
  const name = env.COMMUNITY_NAME.replace(/["\\]/g, '');
  return `"${name}" <no-reply@${new URL(publicUrl).hostname}>`;
}

/** Origins allowed to call the API with cookies: the public URL, both loopback names, dev servers. */
export function trustedOrigins(env: Env, publicUrl: string): string[] {
  const origins = new Set([new URL(publicUrl).origin, ...env.TRUSTED_ORIGINS]);
  if (env.NODE_ENV !== 'production') {
    for (const host of ['localhost', '127.0.0.1']) {
      origins.add(`http://${host}:${env.PORT}`);
      for (const vitePort of [5173, 5174]) origins.add(`http://${host}:${vitePort}`);
    }
  }
  return [...origins];
}

/** Thrown for invalid configuration; its message names every bad variable and what it needs. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads and validates the server's environment. This is the only place that reads `process.env`. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  // An empty variable (`DATABASE_URL=`) means "not set", as in most deployment tools.
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''));
  const result = schema.safeParse(present);
  if (result.success) return result.data;
  const lines = result.error.issues.map(
    (issue) => `  - ${issue.path.join('.') || '(environment)'}: ${issue.message}`,
  );
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
}
