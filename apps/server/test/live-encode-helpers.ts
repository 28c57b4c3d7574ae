import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { type Database, findUserByEmail, schema } from '@party/db';
import type { Server as TusServer } from '@tus/server';
import { eq } from 'drizzle-orm';
import { vi } from 'vitest';
import type { LiveEncoder, LiveOutcome } from '../src/uploads/live/live-encoder';
import { tusCreate, tusPatch } from './tus-client';

const run = promisify(execFile);

/** A tagged 44.1/16 stereo FLAC with a changing level, so peaks and loudness have something to say. */
export async function writeMusicFlac(file: string, seconds: number): Promise<string> {
  await run('ffmpeg', [
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `sine=f=220:d=${seconds}:sample_rate=44100`,
    '-f',
    'lavfi',
    '-i',
    `anoisesrc=d=${seconds}:c=pink:r=44100:a=0.2:seed=7`,
    '-filter_complex',
    "[0][1]amix=inputs=2,volume='if(between(t,4,6),1,0.3)':eval=frame",
    '-ac',
    '2',
    '-sample_fmt',
    's16',
    '-metadata',
    'title=Live Mix',
    '-metadata',
    'artist=DJ Stream',
    file,
  ]);
  return file;
}

/** Records what the live encoder did with each upload. */
export function outcomesOf(live: LiveEncoder) {
  const outcomes: LiveOutcome[] = [];
  live.on('outcome', (outcome) => outcomes.push(outcome));
  return {
    all: outcomes,
    of: (uploadId: string) =>
      vi.waitFor(
        () => {
          const found = outcomes.find((outcome) => outcome.uploadId === uploadId);
          if (!found) throw new Error(`no live outcome for ${uploadId} yet`);
          return found;
        },
        { timeout: 60_000, interval: 50 },
      ),
  };
}

/** The track of an original once it is no longer processing. */
export function settledTrack(db: Database, originalKey: string) {
  return vi.waitFor(
    async () => {
      const [track] = await db.select().from(schema.tracks).where(eq(schema.tracks.originalKey, originalKey));
      if (!track || track.status === 'processing')
        throw new Error(`track of ${originalKey} not processed yet`);
      return track;
    },
    { timeout: 90_000, interval: 100 },
  );
}

export async function demoAdminId(db: Database): Promise<string> {
  const admin = await findUserByEmail(db, 'admin@demo.local');
  if (!admin) throw new Error('demo admin missing');
  return admin.id;
}

/**
 * Uploads through `/files` in PATCHes of the given sizes; `direct` PATCHes (by index) bypass the
 * route and go straight to tus, as a process without this one's live session would take them.
 */
export async function uploadInParts(
  options: {
    base: string;
    cookie: string;
    tus: TusServer;
    bytes: Uint8Array;
    fields: Record<string, string>;
  },
  parts: Array<{ bytes: number; direct?: boolean }>,
): Promise<string> {
  const { base, cookie, bytes } = options;
  const created = await tusCreate(base, cookie, bytes.length, options.fields);
  if (created.status !== 201) throw new Error(`tus create failed: ${created.status}`);
  const location = created.headers.get('location') ?? '';
  let offset = 0;
  for (const part of parts) {
    const body = bytes.subarray(offset, offset + part.bytes);
    const answer = part.direct
      ? await options.tus.handleWeb(
          new Request(new URL(location, 'http://files.invalid'), {
            method: 'PATCH',
            headers: {
              'tus-resumable': '1.0.0',
              'upload-offset': String(offset),
              'content-type': 'application/offset+octet-stream',
            },
            body,
          }),
        )
      : await tusPatch(base, cookie, location, offset, body);
    if (answer.status !== 204) throw new Error(`PATCH at ${offset} answered ${answer.status}`);
    offset += body.length;
  }
  return `originals/${location.split('/').pop()}`;
}
