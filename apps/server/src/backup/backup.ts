import { execFile } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { S3Client } from '@aws-sdk/client-s3';
import { listObjects } from '@party/storage';
import { findPgDump } from './pg-dump';

const run = promisify(execFile);

/** The prefixes the app writes; the inventory lists the whole bucket anyway (prefix ""). */
export interface BackupResult {
  dir: string;
  dumpFile: string;
  inventoryFile: string;
  objects: number;
  objectBytes: number;
  dumpBytes: number;
}

/**
 * Writes one backup into `dir`: `database.dump` (pg_dump custom format: one snapshot, so the dump
 * is consistent however busy the server is), `bucket-inventory.jsonl` (every object's key, size,
 * ETag and time, one JSON object a line) and `manifest.json`. The objects themselves are not
 * copied: the bucket is backed up on the storage side (README, Backups).
 */
export async function writeBackup(deps: {
  databaseUrl: string;
  serverMajor: number;
  s3: S3Client;
  bucket: string;
  dir: string;
  pgDump?: string;
}): Promise<BackupResult> {
  await mkdir(deps.dir, { recursive: true });
  const tools = await findPgDump(deps.serverMajor, { explicit: deps.pgDump });
  const dumpFile = path.join(deps.dir, 'database.dump');
  // The URL goes in the environment-free `--dbname`, never into a log line.
  await run(
    tools.pgDump,
    ['--format=custom', '--no-owner', '--no-acl', `--file=${dumpFile}`, `--dbname=${deps.databaseUrl}`],
    {
      maxBuffer: 16 * 1024 * 1024,
    },
  );

  const inventoryFile = path.join(deps.dir, 'bucket-inventory.jsonl');
  const out = createWriteStream(inventoryFile);
  let objects = 0;
  let objectBytes = 0;
  for await (const object of listObjects(deps.s3, deps.bucket, '')) {
    objects += 1;
    objectBytes += object.size;
    const line = `${JSON.stringify({ key: object.key, size: object.size, etag: object.etag, lastModified: object.lastModified.toISOString() })}\n`;
    if (!out.write(line)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );

  const dumpBytes = (await stat(dumpFile)).size;
  await writeFile(
    path.join(deps.dir, 'manifest.json'),
    `${JSON.stringify(
      {
        createdAt: new Date().toISOString(),
        postgresMajor: deps.serverMajor,
        pgDump: `${tools.pgDump} (${tools.major})`,
        bucket: deps.bucket,
        objects,
        objectBytes,
        dumpBytes,
        restore: 'pg_restore --no-owner --no-acl --dbname=<empty database URL> database.dump',
      },
      null,
      2,
    )}\n`,
  );
  return { dir: deps.dir, dumpFile, inventoryFile, objects, objectBytes, dumpBytes };
}
