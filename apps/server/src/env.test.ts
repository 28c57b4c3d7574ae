import { describe, expect, it } from 'vitest';
import { ConfigError, loadEnv, mailFromOf, mailModeOf, signInPolicyOf, ticketingApiOf } from './env';

describe('loadEnv', () => {
  it('runs on embedded defaults with an empty environment', () => {
    const env = loadEnv({});
    expect(env).toMatchObject({
      PORT: 3000,
      HOST: 'localhost',
      NODE_ENV: 'development',
      TRUSTED_ORIGINS: [],
    });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('names every missing variable in production', () => {
    const attempt = () => loadEnv({ NODE_ENV: 'production' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/DATABASE_URL: is required in production/);
    expect(attempt).toThrow(/S3_ENDPOINT: is required in production/);
    expect(attempt).toThrow(/BETTER_AUTH_SECRET: is required in production/);
    expect(attempt).toThrow(/PUBLIC_URL: is required in production/);
  });

  it('treats empty variables as unset and rejects malformed ones', () => {
    expect(loadEnv({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
    expect(() => loadEnv({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadEnv({ S3_ENDPOINT: 'https://s3.example.org' })).toThrow(
      /S3_BUCKET: is required when S3_ENDPOINT is set/,
    );
    expect(() => loadEnv({ BETTER_AUTH_SECRET: 'short' })).toThrow(/BETTER_AUTH_SECRET: must be at least 32/);
  });

  it('takes a test clock file only outside production', () => {
    expect(loadEnv({ TEST_CLOCK_OFFSET_FILE: '/tmp/offset' }).TEST_CLOCK_OFFSET_FILE).toBe('/tmp/offset');
    expect(() => loadEnv({ NODE_ENV: 'production', TEST_CLOCK_OFFSET_FILE: '/tmp/offset' })).toThrow(
      /TEST_CLOCK_OFFSET_FILE: is for tests only and refused in production/,
    );
  });

  it('takes a ticketing webhook secret of whsec_ + 24 or more bytes, and the pull API only as a pair', () => {
    const secret = `whsec_${Buffer.alloc(32, 3).toString('base64')}`;
    expect(loadEnv({ TICKETING_WEBHOOK_SECRET: secret }).TICKETING_WEBHOOK_SECRET).toBe(secret);
    expect(() =>
      loadEnv({ TICKETING_WEBHOOK_SECRET: `whsec_${Buffer.alloc(16).toString('base64')}` }),
    ).toThrow(/TICKETING_WEBHOOK_SECRET: must be whsec_/);
    expect(() => loadEnv({ TICKETING_WEBHOOK_SECRET: 'whsec_not base64!' })).toThrow(
      /TICKETING_WEBHOOK_SECRET/,
    );
    expect(ticketingApiOf(loadEnv({}))).toBeNull();
    expect(() => loadEnv({ TICKETING_API_URL: 'https://tickets.example.org/api' })).toThrow(
      /TICKETING_API_TOKEN: is required when TICKETING_API_URL is set/,
    );
    expect(() => loadEnv({ TICKETING_API_TOKEN: 't' })).toThrow(/TICKETING_API_URL: is required/);
    expect(
      ticketingApiOf(
        loadEnv({ TICKETING_API_URL: 'https://tickets.example.org/api', TICKETING_API_TOKEN: 't' }),
      ),
    ).toEqual({ url: 'https://tickets.example.org/api', token: 't' });
  });

  it('splits TRUSTED_ORIGINS on commas', () => {
    expect(loadEnv({ TRUSTED_ORIGINS: 'https://a.example, https://b.example,' }).TRUSTED_ORIGINS).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
  });

  it('defaults delivery to presigned with the media cache under DATA_DIR, and rejects unknown modes', () => {
    const env = loadEnv({ DATA_DIR: '/srv/party' });
    expect(env).toMatchObject({
      DELIVERY_MODE: 'presigned',
      MEDIA_CACHE_DIR: '/srv/party/media-cache',
      MEDIA_CACHE_MAX_MB: 2048,
    });
    expect(
      loadEnv({ DELIVERY_MODE: 'proxy', MEDIA_CACHE_DIR: '/cache', MEDIA_CACHE_MAX_MB: '0' }),
    ).toMatchObject({
      DELIVERY_MODE: 'proxy',
      MEDIA_CACHE_DIR: '/cache',
      MEDIA_CACHE_MAX_MB: 0,
    });
    expect(() => loadEnv({ DELIVERY_MODE: 'cdn' })).toThrow(/DELIVERY_MODE/);
  });

  it('signs in locally only, exactly as before, without any OIDC variable', () => {
    expect(signInPolicyOf(loadEnv({}))).toEqual({ oidc: undefined, localSignIn: true });
  });

  it('reads the ticketing provider and its claim mapping, with defaults', () => {
    const policy = signInPolicyOf(
      loadEnv({
        OIDC_ISSUER: 'https://tickets.example.org',
        OIDC_CLIENT_ID: 'media',
        LOCAL_SIGN_IN: 'false',
      }),
    );
    expect(policy).toEqual({
      oidc: {
        issuer: 'https://tickets.example.org',
        clientId: 'media',
        clientSecret: undefined,
        providerName: 'Ticketing',
        scopes: ['openid', 'email', 'profile'],
        rolesClaim: 'groups',
        memberValue: 'member',
        adminValue: 'admin',
      },
      localSignIn: false,
    });
  });

  it('refuses half an OIDC configuration, and SSO-only without a provider', () => {
    expect(() => loadEnv({ OIDC_ISSUER: 'https://tickets.example.org' })).toThrow(
      /OIDC_CLIENT_ID: is required when OIDC_ISSUER is set/,
    );
    expect(() => loadEnv({ OIDC_CLIENT_ID: 'media' })).toThrow(
      /OIDC_ISSUER: is required when OIDC_CLIENT_ID/,
    );
    expect(() => loadEnv({ LOCAL_SIGN_IN: 'false' })).toThrow(
      /OIDC_ISSUER: is required when LOCAL_SIGN_IN=false/,
    );
    expect(() => loadEnv({ OIDC_ISSUER: 'not a url', OIDC_CLIENT_ID: 'media' })).toThrow(/OIDC_ISSUER/);
  });

  it('sends mail through SMTP_URL, the catch-all in development, nowhere in production without it', () => {
    expect(mailModeOf(loadEnv({ SMTP_URL: 'smtp://u:p@mail.example.org:587' }))).toBe('smtp');
    expect(mailModeOf(loadEnv({}))).toBe('local');
    const production = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://u:p@db:5432/x',
      S3_ENDPOINT: 'https://s3.example.org',
      S3_BUCKET: 'bucket',
      S3_ACCESS_KEY_ID: 'k',
      S3_SECRET_ACCESS_KEY: 's',
      BETTER_AUTH_SECRET: 'x'.repeat(32),
      PUBLIC_URL: 'https://media.example.org',
    };
    expect(mailModeOf(loadEnv(production))).toBe('off');
    expect(mailFromOf(loadEnv({ COMMUNITY_NAME: 'Night "Owls"' }), 'https://media.example.org')).toBe(
      '"Night Owls" <no-reply@media.example.org>',
    );
  });

  it('refuses an SMTP_URL of another scheme and mail settings spanning lines', () => {
    expect(() => loadEnv({ SMTP_URL: 'http://mail.example.org' })).toThrow(/SMTP_URL: must start with smtp/);
    expect(() => loadEnv({ MAIL_FROM: 'a@x.example\r\nBcc: all@x.example' })).toThrow(
      /MAIL_FROM: must be one line/,
    );
    expect(() => loadEnv({ COMMUNITY_NAME: 'Owls\nBcc: all@x.example' })).toThrow(
      /COMMUNITY_NAME: must be one line/,
    );
  });
});
