/**
 * `pnpm doctor`: checks the configured S3 endpoint and bucket (or, without S3_ENDPOINT, the local
 * emulator the server would start) the way this app uses them, prints a pass/fail table with a fix
 * for every failure, and exits non-zero when a required check failed. Same environment as the
 * server (apps/server/src/env.ts).
 */
import { ConfigError, loadEnv, publicUrlOf, trustedOrigins } from '../env';
import { startS3Service } from '../services/backing-services';
import { doctorPassed, runDoctorChecks } from './checks';
import { formatReport } from './report';

async function main(): Promise<number> {
  const env = loadEnv();
  const origins = trustedOrigins(env, publicUrlOf(env));
  const storage = await startS3Service(env, {
    corsOrigins: origins,
    log: (message) => process.stdout.write(`${message}\n`),
  });
  try {
    const results = await runDoctorChecks({
      s3: storage.s3,
      corsOrigins: origins,
      tagging: env.S3_TAGGING ?? false,
      deliveryMode: env.DELIVERY_MODE,
      emulator: storage.emulator,
    });
    const target = `${storage.s3.endpoint}/${storage.s3.bucket}${storage.emulator ? ' (local emulator)' : ''}`;
    process.stdout.write(`\n${formatReport(results, target)}`);
    return doctorPassed(results) ? 0 : 1;
  } finally {
    await storage.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      error instanceof ConfigError
        ? `${error.message}\n\nSee README.md, section Configuration.\n`
        : `The doctor could not run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(2);
  },
);
