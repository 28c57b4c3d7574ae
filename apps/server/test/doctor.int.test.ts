import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listObjects } from '@party/storage';
import { useS3Emulator } from '@party/testing';
import { describe, expect, it } from 'vitest';
import { doctorPassed, runDoctorChecks } from '../src/doctor/checks';
import { formatReport } from '../src/doctor/report';

const ORIGINS = ['http://localhost:3000', 'http://127.0.0.1:5173'];
const withCors = await useS3Emulator({ corsOrigins: ORIGINS });
const withoutCors = await useS3Emulator();
const serverDir = fileURLToPath(new URL('..', import.meta.url));

/** The checks a pass on the emulator says nothing about for Strato, and why. */
const UNPROVABLE = ['path-style addressing', 'CORS preflight', 'clock skew'];

describe('doctor against the emulator', () => {
  it('passes every check, names the ones the emulator cannot prove, and leaves nothing behind', async () => {
    const results = await runDoctorChecks({
      s3: withCors.config,
      corsOrigins: ORIGINS,
      tagging: false,
      deliveryMode: 'presigned',
      emulator: true,
    });
    expect(results.map((r) => r.name)).toEqual([
      'path-style addressing',
      'put/head/get/delete',
      'multipart upload (5 MiB parts)',
      'presigned GET',
      'Range 206 via presigned URL',
      'presigned URL expiry enforced',
      'tampered signature refused',
      'CORS preflight',
      'object tagging (tus)',
      'clock skew',
      'cleanup',
    ]);
    for (const result of results) expect(result, result.name).toMatchObject({ status: 'pass' });
    expect(results.filter((r) => r.unprovenOnEmulator).map((r) => r.name)).toEqual(UNPROVABLE);
    expect(doctorPassed(results)).toBe(true);
    const report = formatReport(results, 'emulator');
    expect(report.match(/cannot be proven on the emulator/g)).toHaveLength(UNPROVABLE.length);
    const left = [];
    for await (const object of listObjects(withCors.client, withCors.bucket, 'doctor/'))
      left.push(object.key);
    expect(left).toEqual([]);
  });

  it('reports a missing CORS rule with its fix (required in presigned mode, optional with the proxy)', async () => {
    const presigned = await runDoctorChecks({
      s3: withoutCors.config,
      corsOrigins: ORIGINS,
      tagging: true,
      deliveryMode: 'presigned',
      emulator: true,
    });
    const cors = presigned.find((r) => r.name === 'CORS preflight');
    expect(cors).toMatchObject({ status: 'fail', required: true });
    expect(cors?.detail).toContain('http://localhost:3000');
    expect(cors?.fix).toContain('AllowedOrigin');
    expect(presigned.find((r) => r.name === 'object tagging (tus)')).toMatchObject({ status: 'pass' });
    expect(doctorPassed(presigned)).toBe(false);

    const proxied = await runDoctorChecks({
      s3: withoutCors.config,
      corsOrigins: ORIGINS,
      tagging: false,
      deliveryMode: 'proxy',
      emulator: true,
    });
    expect(proxied.find((r) => r.name === 'CORS preflight')).toMatchObject({
      status: 'warn',
      required: false,
    });
    expect(doctorPassed(proxied)).toBe(true);
  });

  it('exits non-zero with fixes when the credentials are wrong (the CLI, with the server environment)', async () => {
    const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', path.join('src', 'doctor', 'main.ts')],
        {
          cwd: serverDir,
          env: {
            ...process.env,
            S3_ENDPOINT: withCors.config.endpoint,
            S3_REGION: withCors.config.region,
            S3_BUCKET: withCors.config.bucket,
            S3_ACCESS_KEY_ID: withCors.config.accessKeyId,
            S3_SECRET_ACCESS_KEY: 'wrong-secret',
          },
          timeout: 60_000,
        },
        (error, out) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout: out }),
      );
    });
    expect(code).toBe(1);
    expect(stdout).toMatch(/path-style addressing\s+FAIL .*credentials are refused/);
    expect(stdout).toContain('fix: Set S3_ENDPOINT to the service URL without the bucket');
    expect(stdout).toMatch(/multipart upload \(5 MiB parts\)\s+SKIP/);
    expect(stdout).toContain('required check(s) failed');
  });
});
