import { createHash } from 'node:crypto';
import { request } from 'node:http';
import type { Readable } from 'node:stream';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { createMusicSet, findUserByEmail } from '@party/db';
import { xorshiftBytes } from '@party/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from './test-app';
import { tusCreate } from './tus-client';

const GiB = 1024 ** 3;
const CHUNK = 1024 * 1024;
const SIZE = GiB;

const { db, s3, signIn, listen } = await useTestApp();
const base = await listen();
const admin = await findUserByEmail(db, 'admin@demo.local');
if (!admin) throw new Error('demo admin missing');
const set = await createMusicSet(db, { title: 'Marathon', artist: 'DJ Long', createdBy: admin.id });

let cookie = '';
beforeAll(async () => {
  cookie = await signIn('admin@demo.local');
});

/** Chunk `index` of the test file: deterministic, so a resumed upload can resend the same bytes. */
const chunk = (index: number) => xorshiftBytes(index + 1, CHUNK);

/**
 * PATCHes bytes from `offset` on; with `stopAfter`, drops the connection after that many bytes,
 * as a venue's Wi-Fi would. Resolves with the status (or 'aborted').
 */
function patchFrom(location: string, offset: number, stopAfter?: number): Promise<number | 'aborted'> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${location}`, {
      method: 'PATCH',
      headers: {
        cookie,
        'tus-resumable': '1.0.0',
        'upload-offset': String(offset),
        'content-type': 'application/offset+octet-stream',
        'content-length': String(SIZE - offset),
      },
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', (error) => (stopAfter === undefined ? reject(error) : resolve('aborted')));
    let sent = 0;
    let position = offset;
    const write = () => {
      while (position < SIZE) {
        if (stopAfter !== undefined && sent >= stopAfter) {
          req.destroy();
          resolve('aborted');
          return;
        }
        const index = Math.floor(position / CHUNK);
        const data = chunk(index).subarray(position - index * CHUNK);
        position += data.length;
        sent += data.length;
        if (!req.write(data)) {
          req.once('drain', write);
          return;
        }
      }
      req.end();
    };
    write();
  });
}

async function currentOffset(location: string): Promise<number> {
  const head = await fetch(`${base}${location}`, {
    method: 'HEAD',
    headers: { cookie, 'tus-resumable': '1.0.0' },
  });
  return Number(head.headers.get('upload-offset'));
}

describe('a 1 GB upload over a flaky connection (slow: about a minute)', () => {
  it('survives two dropped connections and stores a byte-identical file', { timeout: 600_000 }, async () => {
    const expected = createHash('sha256');
    for (let i = 0; i < SIZE / CHUNK; i++) expected.update(chunk(i));
    const expectedHash = expected.digest('hex');

    const created = await tusCreate(base, cookie, SIZE, {
      kind: 'audio',
      setId: set.id,
      filename: 'marathon.wav',
      filetype: 'audio/wav',
    });
    expect(created.status).toBe(201);
    const location = created.headers.get('location') ?? '';

    expect(await patchFrom(location, 0, 300 * CHUNK + 12345)).toBe('aborted');
    const first = await currentOffset(location);
    expect(first).toBeGreaterThan(0);
    expect(await patchFrom(location, first, 400 * CHUNK + 777)).toBe('aborted');
    const second = await currentOffset(location);
    expect(second).toBeGreaterThan(first);
    expect(await patchFrom(location, second)).toBe(204);
    expect(await currentOffset(location)).toBe(SIZE);

    const object = await s3.client.send(
      new GetObjectCommand({ Bucket: s3.bucket, Key: `originals/${location.split('/').pop()}` }),
    );
    const stored = createHash('sha256');
    for await (const data of object.Body as Readable) stored.update(data as Buffer);
    expect(stored.digest('hex')).toBe(expectedHash);
  });
});
