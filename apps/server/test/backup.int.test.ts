import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { createDatabase, runMigrations, schema } from '@party/db';
import { startSystemPostgres, systemPostgresBin } from '@party/dev-services/system-postgres';
import { seedEvent, seedImage, seedUser, useS3Emulator } from '@party/testing';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../src/env';

/*
 * Backups against Debian's PostgreSQL server (the production target; its pg_dump matches it):
 * a throw-away cluster in a temp directory.
 */
const run = promisify(execFile);
const pgBin = systemPostgresBin();
const hasServer = pgBin !== undefined;

async function startCluster() {
  const dir = await mkdtemp(path.join(tmpdir(), 'party-pg-'));
  await chmod(dir, 0o755);
  const pg = await startSystemPostgres({ dir: path.join(dir, 'pg') });
  afterAll(async () => {
    await pg.stop();
    await rm(dir, { recursive: true, force: true });
  });
  return { urlOf: pg.urlFor };
}

describe.skipIf(!hasServer)(
  'backup and restore-check (needs Debian postgresql; scripts/bootstrap.mjs installs it)',
  async () => {
    const cluster = await startCluster();
    const admin = createDatabase(cluster.urlOf('postgres'), { max: 1 });
    await admin.sql`create database live`;
    await admin.sql`create database restored`;
    afterAll(() => admin.close());

    const live = createDatabase(cluster.urlOf('live'), { max: 2 });
    afterAll(() => live.close());
    await runMigrations(live);
    const s3 = await useS3Emulator();
    const work = await mkdtemp(path.join(tmpdir(), 'party-backup-'));
    afterAll(() => rm(work, { recursive: true, force: true }));

    // One ready photo with its three objects in the bucket.
    const user = await seedUser(live.db, { role: 'admin' });
    const event = await seedEvent(live.db, { createdBy: user.id });
    const image = await seedImage(live.db, { eventId: event.id, status: 'ready' });
    const variants = await live.db
      .select({ key: schema.imageVariants.key })
      .from(schema.imageVariants)
      .where(eq(schema.imageVariants.imageId, image.id));
    const keys = [image.originalKey, ...variants.map((variant) => variant.key)];
    for (const key of keys) {
      await s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: `bytes of ${key}` }));
    }

    const cli = (script: string, databaseUrl: string, args: string[] = []) =>
      run(process.execPath, ['--import', 'tsx', `src/cli/${script}.ts`, ...args], {
        cwd: path.join(REPO_ROOT, 'apps/server'),
        env: {
          PATH: process.env.PATH,
          NODE_ENV: 'test',
          DATA_DIR: work,
          DATABASE_URL: databaseUrl,
          S3_ENDPOINT: s3.config.endpoint,
          S3_REGION: s3.config.region,
          S3_BUCKET: s3.bucket,
          S3_ACCESS_KEY_ID: s3.config.accessKeyId,
          S3_SECRET_ACCESS_KEY: s3.config.secretAccessKey,
        },
      }).then(
        (result) => ({ code: 0, ...result }),
        (error: { code: number; stdout: string; stderr: string }) => error,
      );

    const backupDir = path.join(work, 'backup');

    it('writes a dump and an inventory of the bucket with sizes and ETags', async () => {
      const result = await cli('backup', cluster.urlOf('live'), ['--dir', backupDir]);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const inventory = (await readFile(path.join(backupDir, 'bucket-inventory.jsonl'), 'utf8'))
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { key: string; size: number; etag: string });
      expect(inventory.map((entry) => entry.key).sort()).toEqual([...keys].sort());
      for (const entry of inventory) {
        expect(entry.size).toBe(`bytes of ${entry.key}`.length);
        expect(entry.etag).toMatch(/^"?[0-9a-f]{32}"?$/);
      }
      const manifest = JSON.parse(await readFile(path.join(backupDir, 'manifest.json'), 'utf8'));
      expect(manifest).toMatchObject({ objects: 3, bucket: s3.bucket });
    });

    it('restores into a fresh database, and the restore check finds nothing wrong', async () => {
      await run(path.join(pgBin ?? '', 'pg_restore'), [
        '--no-owner',
        '--no-acl',
        `--dbname=${cluster.urlOf('restored')}`,
        path.join(backupDir, 'database.dump'),
      ]);
      const restored = createDatabase(cluster.urlOf('restored'), { max: 1 });
      afterAll(() => restored.close());
      const rows = await restored.db.select({ id: schema.images.id }).from(schema.images);
      expect(rows).toEqual([{ id: image.id }]);

      const result = await cli('restore-check', cluster.urlOf('restored'));
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual({ rowsWithoutObjects: [], objectsWithoutRows: [] });
    });

    it('reports a row whose object is gone and an object no row owns', async () => {
      const lost = keys[1] ?? '';
      await s3.client.send(new DeleteObjectCommand({ Bucket: s3.bucket, Key: lost }));
      await s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: 'originals/stray', Body: 'x' }));
      const result = await cli('restore-check', cluster.urlOf('restored'));
      expect(result.code).toBe(2);
      expect(JSON.parse(result.stdout)).toEqual({
        rowsWithoutObjects: [{ kind: 'image', id: image.id, key: lost }],
        objectsWithoutRows: [{ key: 'originals/stray', size: 1 }],
      });
    });
  },
);
