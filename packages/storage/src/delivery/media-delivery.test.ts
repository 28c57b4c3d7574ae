import { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { createS3Client } from '../s3-client';
import { createMediaDelivery } from './media-delivery';
import { mediaTokenKey, verifyMediaToken } from './media-token';

const tokenKey = mediaTokenKey('a-secret-that-is-long-enough-0123456789');
const config = {
  endpoint: 'http://127.0.0.1:9',
  region: 'us-east-1',
  bucket: 'media',
  accessKeyId: 'key',
  secretAccessKey: 'secret',
};
const now = new Date('2026-11-26T10:02:00Z');

describe('media delivery', () => {
  it('presigns in presigned mode and issues /media tokens in proxy mode, with the same expiry', async () => {
    const client = createS3Client(config);
    const presigned = await createMediaDelivery({ mode: 'presigned', client, bucket: 'media', tokenKey })
      .forViewer('user-1')
      .url('derived/a.webp', { now, contentType: 'image/webp' });
    expect(new URL(presigned.url).pathname).toBe('/media/derived/a.webp');
    const proxied = await createMediaDelivery({ mode: 'proxy', client, bucket: 'media', tokenKey })
      .forViewer('user-1')
      .url('derived/a.webp', { now, contentType: 'image/webp', downloadName: 'a.webp' });
    expect(proxied.url).toMatch(/^\/media\/[\w-]+\.[\w-]{43}$/);
    expect(proxied.expiresAt).toEqual(presigned.expiresAt);
    const verified = verifyMediaToken(tokenKey, proxied.url.slice('/media/'.length), now);
    expect(verified).toMatchObject({
      ok: true,
      payload: {
        key: 'derived/a.webp',
        viewerId: 'user-1',
        contentType: 'image/webp',
        downloadName: 'a.webp',
      },
    });
  });

  it('falls back to the proxy for a request whose signing fails, and reports it', async () => {
    const broken = new S3Client({
      ...config,
      forcePathStyle: true,
      credentials: async () => {
        throw new Error('credentials unavailable');
      },
    });
    const errors: unknown[] = [];
    const delivery = createMediaDelivery({
      mode: 'presigned',
      client: broken,
      bucket: 'media',
      tokenKey,
      onPresignError: (error) => errors.push(error),
    });
    const delivered = await delivery.forViewer('user-1').url('derived/a.webp', { now });
    expect(delivered.url.startsWith('/media/')).toBe(true);
    expect(errors).toHaveLength(1);
    await expect(delivery.forViewer(null).url('derived/a.webp', { now })).rejects.toThrow(/signed-in viewer/);
  });
});
