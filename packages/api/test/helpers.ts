import type { Database } from '@party/db';
import type { JobQueue } from '@party/jobs';
import { createMediaDelivery, createS3Client, type MediaDelivery, mediaTokenKey } from '@party/storage';
import { recordingJobQueue } from '@party/testing';
import { createAuth } from '../src/auth/create-auth';
import type { Clock, IntegrationConfig, MediaBucket, SystemServices, Viewer } from '../src/context';
import { createCaller } from '../src/root';
import { shareViewerId } from '../src/share/share-viewer';

export const PUBLIC_URL = 'http://localhost:3000';
export const CLIENT_IP_HEADER = 'x-test-client-ip';

// Procedures in these tests never reach S3; a client for a closed port proves that they do not.
export const unusedStorage: MediaBucket = {
  client: createS3Client({
    endpoint: 'http://127.0.0.1:9',
    region: 'us-east-1',
    bucket: 'unused',
    accessKeyId: 'x',
    secretAccessKey: 'x',
  }),
  bucket: 'unused',
};

export const MEDIA_TOKEN_KEY = mediaTokenKey('test-secret-test-secret-test-secret-0123');

/** Presigned delivery from `storage` unless the test passes its own (e.g. proxy mode). */
export function callerFor(
  db: Database,
  viewer: Viewer | null,
  services: {
    storage?: MediaBucket;
    jobs?: JobQueue;
    delivery?: MediaDelivery;
    clock?: Clock;
    integration?: IntegrationConfig;
    system?: SystemServices;
  } = {},
) {
  const storage = services.storage ?? unusedStorage;
  const delivery =
    services.delivery ?? createMediaDelivery({ mode: 'presigned', ...storage, tokenKey: MEDIA_TOKEN_KEY });
  return createCaller({
    db,
    viewer,
    publicUrl: PUBLIC_URL,
    delivery: delivery.forViewer(viewer?.id ?? null),
    storage,
    jobs: services.jobs ?? recordingJobQueue(),
    clock: services.clock,
    guestDelivery: (linkId) => delivery.forViewer(shareViewerId(linkId)),
    integration: services.integration,
    system: services.system,
  });
}

export function testAuth(db: Database, signInRateLimit?: { window: number; max: number }) {
  return createAuth({
    db,
    secret: 'test-secret-test-secret-test-secret-0123',
    baseURL: PUBLIC_URL,
    trustedOrigins: [],
    clientIpHeader: CLIENT_IP_HEADER,
    signInRateLimit,
  });
}

/** Sends a JSON request to a better-auth endpoint the way a browser on the app's origin would. */
export async function postAuth(
  auth: ReturnType<typeof testAuth>,
  endpoint: string,
  body: unknown,
  options: { ip?: string; cookie?: string } = {},
) {
  const headers = new Headers({ 'content-type': 'application/json', origin: PUBLIC_URL });
  headers.set(CLIENT_IP_HEADER, options.ip ?? '203.0.113.7');
  if (options.cookie) headers.set('cookie', options.cookie);
  const response = await auth.handler(
    new Request(`${PUBLIC_URL}/api/auth${endpoint}`, { method: 'POST', headers, body: JSON.stringify(body) }),
  );
  const text = await response.text();
  const json: unknown = text ? JSON.parse(text) : null;
  return { status: response.status, json, headers: response.headers };
}

export function errorMessage(json: unknown): string {
  return json && typeof json === 'object' && 'message' in json ? String(json.message) : '';
}

/** The viewer a procedure sees for a user row (what the session check makes of it). */
export function asViewer(row: { id: string; email: string; name: string; role: 'admin' | 'member' }): Viewer {
  return { id: row.id, email: row.email, name: row.name, role: row.role };
}
