/// <reference path="./s3rver.d.ts" />
import S3rver from '@20minutes/s3rver';
import { createS3Client, pingBucket, type S3Config } from '@party/storage';

/** How to start the local S3 emulator (used when no `S3_ENDPOINT` is configured, and by tests). */
export interface S3EmulatorOptions {
  /** Where objects live on disk; reusing the directory keeps the data across restarts. */
  directory: string;
  /** TCP port on 127.0.0.1; 0 (the default) picks a random free one. */
  port?: number;
  /** The one bucket, created if missing. */
  bucket: string;
  /** Browser origins allowed by the bucket's CORS rule (presigned GETs, direct reads). None: no CORS. */
  corsOrigins?: string[];
  /** Suppress the emulator's per-request log lines. Defaults to true. */
  silent?: boolean;
}

/** A started emulator: the config to reach it and a way to stop it. */
export interface RunningS3Emulator {
  /** Ready for `createS3Client`; the same shape as the production Strato config. */
  config: S3Config;
  /** Stops listening and drops open connections. The data on disk stays. */
  stop(): Promise<void>;
}

// The emulator's built-in account; it accepts no other keys.
const ACCESS_KEY_ID = 'S3RVER';
const SECRET_ACCESS_KEY = 'S3RVER';
// The emulator's continuation tokens and signatures assume this region.
const REGION = 'us-east-1';

const CORS_METHODS = ['GET', 'HEAD', 'PUT', 'POST', 'DELETE'];
// The browser needs these to resume (ETag, lengths) and to seek audio with Range requests.
const CORS_EXPOSE_HEADERS = ['ETag', 'Content-Range', 'Accept-Ranges', 'Content-Length'];

function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function corsConfigurationXml(origins: string[]): string {
  const element = (name: string, values: string[]) =>
    values.map((value) => `<${name}>${escapeXml(value)}</${name}>`).join('');
  return [
    '<CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><CORSRule>',
    element('AllowedOrigin', origins),
    element('AllowedMethod', CORS_METHODS),
    element('AllowedHeader', ['*']),
    element('ExposeHeader', CORS_EXPOSE_HEADERS),
    '<MaxAgeSeconds>3600</MaxAgeSeconds>',
    '</CORSRule></CORSConfiguration>',
  ].join('');
}

/**
 * Starts the local S3-compatible emulator (`@20minutes/s3rver`, patched for what `@tus/s3-store`
 * and the AWS SDK v3 need, see `patches/`) on 127.0.0.1 and resolves once the bucket answers a
 * signed HeadBucket, so callers never race the first request.
 */
export async function startS3Emulator(opts: S3EmulatorOptions): Promise<RunningS3Emulator> {
  const origins = opts.corsOrigins ?? [];
  const server = new S3rver({
    // Loopback only: the fixed, public credentials must never be reachable from the network.
    address: '127.0.0.1',
    port: opts.port ?? 0,
    directory: opts.directory,
    silent: opts.silent ?? true,
    // Path-style only, like Strato; otherwise a non-IP Host header would be taken as a bucket name.
    vhostBuckets: false,
    // Creating an existing bucket is a no-op here, so a persisted directory is reused as is.
    configureBuckets: [
      { name: opts.bucket, configs: origins.length > 0 ? [corsConfigurationXml(origins)] : [] },
    ],
  });

  if (origins.length === 0) {
    // A directory reused from a run with origins would otherwise keep serving that stale CORS rule.
    await server.store.deleteSubresource(opts.bucket, undefined, 'cors').catch(() => {});
  }

  const address = await server.run();
  let stopped: Promise<void> | undefined;
  // Idempotent: a test that stops the emulator early and its cleanup hook may both call it.
  const stop = () => {
    stopped ??= (async () => {
      const closing = server.close();
      // Idle keep-alive sockets of SDK clients would otherwise hold close() open.
      server.httpServer?.closeIdleConnections();
      await closing;
    })();
    return stopped;
  };

  const config: S3Config = {
    endpoint: `http://127.0.0.1:${address.port}`,
    region: REGION,
    bucket: opts.bucket,
    accessKeyId: ACCESS_KEY_ID,
    secretAccessKey: SECRET_ACCESS_KEY,
  };

  const client = createS3Client(config);
  try {
    await pingBucket(client, opts.bucket);
  } catch (error) {
    await stop();
    throw new Error(`S3 emulator started but bucket "${opts.bucket}" is not reachable`, { cause: error });
  } finally {
    client.destroy();
  }

  return { config, stop };
}
