import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { describe, expect, it } from 'vitest';
import { SigV4Presigner } from './sigv4-presigner';

const signingDate = new Date('2026-11-26T10:05:00Z');

const clients = {
  'path-style endpoint with a port': new S3Client({
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:9000',
    forcePathStyle: true,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
  }),
  'virtual-hosted AWS with a session token': new S3Client({
    region: 'eu-central-1',
    credentials: { accessKeyId: 'AKID2', secretAccessKey: 'secret2', sessionToken: 'token/with+chars=' },
  }),
  'Strato-like https endpoint': new S3Client({
    region: 'eu-central-3',
    endpoint: 'https://s3.eu-central-3.ionoscloud.com',
    forcePathStyle: true,
    credentials: { accessKeyId: 'AKID3', secretAccessKey: 'secret3' },
  }),
};

const requests: Array<{ key: string; overrides: Record<string, string | undefined> }> = [
  { key: 'derived/7f1c/preview.webp', overrides: { 'response-cache-control': 'private, max-age=600' } },
  {
    key: "originals/with space/ü(1)*!'~.jpg",
    overrides: {
      'response-cache-control': 'private, max-age=600',
      'response-content-disposition': `attachment; filename="Nacht_im_Club.jpg"; filename*=UTF-8''Nacht%20im%20Club.jpg`,
      'response-content-type': 'image/jpeg',
    },
  },
  { key: 'a//double/slash', overrides: { 'response-content-type': undefined } },
];

function reference(client: S3Client, key: string, overrides: Record<string, string | undefined>) {
  return getSignedUrl(
    client,
    new GetObjectCommand({
      Bucket: 'media',
      Key: key,
      ResponseCacheControl: overrides['response-cache-control'],
      ResponseContentDisposition: overrides['response-content-disposition'],
      ResponseContentType: overrides['response-content-type'],
    }),
    { expiresIn: 900, signingDate },
  );
}

describe('SigV4Presigner', () => {
  for (const [name, client] of Object.entries(clients)) {
    it(`signs exactly the URL the SDK's presigner signs (${name})`, async () => {
      const presigner = new SigV4Presigner(client);
      for (const { key, overrides } of requests) {
        const ours = await presigner.presign({
          bucket: 'media',
          key,
          expiresIn: 900,
          signingDate,
          overrides,
        });
        expect(ours).toBe(await reference(client, key, overrides));
      }
    });
  }

  it('a URL asked for again in its window is the same; other overrides get their own URL', async () => {
    const presigner = new SigV4Presigner(clients['path-style endpoint with a port']);
    const request = { bucket: 'media', key: 'k', expiresIn: 900, signingDate };
    const plain = await presigner.presign({ ...request, overrides: {} });
    expect(await presigner.presign({ ...request, overrides: {} })).toBe(plain);
    const download = await presigner.presign({
      ...request,
      overrides: { 'response-content-disposition': 'attachment; filename="k.jpg"' },
    });
    expect(download).not.toBe(plain);
    expect(new URL(download).searchParams.get('response-content-disposition')).toBe(
      'attachment; filename="k.jpg"',
    );
  });

  it("remembered URLs stay the SDK's, one per key and set of overrides", async () => {
    const client = clients['path-style endpoint with a port'];
    const presigner = new SigV4Presigner(client);
    const variants: Array<Record<string, string | undefined>> = [
      { 'response-content-type': 'image/webp' },
      { 'response-content-type': 'image/avif' },
      { 'response-content-type': undefined },
      { 'response-cache-control': 'private, max-age=600', 'response-content-type': 'image/webp' },
    ];
    for (const round of [1, 2])
      for (const key of ['k/1', 'k/2'])
        for (const overrides of variants) {
          const ours = await presigner.presign({
            bucket: 'media',
            key,
            expiresIn: 900,
            signingDate,
            overrides,
          });
          expect(ours, `round ${round}`).toBe(await reference(client, key, overrides));
        }
  });

  it('a new signing window gets a new signature', async () => {
    const presigner = new SigV4Presigner(clients['path-style endpoint with a port']);
    const request = { bucket: 'media', key: 'k', expiresIn: 900, overrides: {} };
    const first = await presigner.presign({ ...request, signingDate });
    const next = await presigner.presign({
      ...request,
      signingDate: new Date(signingDate.getTime() + 300_000),
    });
    expect(next).not.toBe(first);
    expect(new URL(next).searchParams.get('X-Amz-Date')).toBe('20261126T101000Z');
  });
});
