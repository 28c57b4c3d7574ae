import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { type Database, findTrack, markTrackFailed, setTrackProgress } from '@party/db';
import { type JobHandler, jobDefinitions, lastAttemptReason } from '@party/jobs';
import {
  MediaError,
  planRenditions,
  probeAudio,
  processAudio,
  readEmbeddedChapters,
  sha256File,
} from '@party/media';
import { downloadToFile } from '@party/storage';
import type { WorkerLog } from '../worker-log';
import { publishTrack } from './publish-track';

export interface ProcessTrackDeps {
  db: Database;
  s3: S3Client;
  bucket: string;
  log: WorkerLog;
}

/**
 * Turns an uploaded audio file into its streaming tiers, peaks and facts. Idempotent: a track
 * that is no longer `processing` is left alone (so a track the live encoder already made `ready`
 * while it was uploading is not processed again); renditions go to fixed keys (a retry overwrites
 * them) and the track becomes `ready` through {@link publishTrack} only. The original is never
 * altered. Temp files live in one directory that is always removed, also when the worker is
 * stopped mid-encode (the abort signal kills ffmpeg).
 */
export function processTrackHandler(deps: ProcessTrackDeps): JobHandler<'process-track'> {
  return async ({ trackId }, job) => {
    const track = await findTrack(deps.db, trackId);
    if (track?.status !== 'processing') return;
    const progress = (percent: number, stage: string) =>
      setTrackProgress(deps.db, trackId, percent, stage).catch((error: unknown) =>
        deps.log.warn({ err: error, trackId }, 'could not record track progress'),
      );
    const workDir = await mkdtemp(path.join(tmpdir(), 'party-track-'));
    try {
      await progress(1, 'downloading');
      const inputPath = path.join(workDir, 'original');
      await downloadToFile(deps.s3, deps.bucket, track.originalKey, inputPath);
      await progress(4, 'reading');
      const [facts, sha256, embedded] = await Promise.all([
        probeAudio(inputPath),
        sha256File(inputPath),
        readEmbeddedChapters(inputPath),
      ]);
      const plan = planRenditions(facts);
      const processed = await processAudio({
        inputPath,
        outputDir: path.join(workDir, 'out'),
        plan,
        signal: job.signal,
        onProgress: (percent, stage) => progress(5 + percent * 0.85, stage),
      });
      await progress(91, 'uploading');
      await publishTrack(deps, { track, facts, embedded, sha256, plan, processed, workDir });
    } catch (error) {
      if (error instanceof MediaError) {
        await markTrackFailed(deps.db, trackId, error.message, { retryable: false });
        return;
      }
      if (job.retryCount >= jobDefinitions['process-track'].options.retryLimit) {
        await markTrackFailed(deps.db, trackId, lastAttemptReason(error));
      }
      throw error;
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  };
}
