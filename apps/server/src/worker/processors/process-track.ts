import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { cuesFromEmbedded } from '@party/api/music';
import {
  type Database,
  findMusicSet,
  findTrack,
  markTrackFailed,
  markTrackReady,
  prefillCuePoints,
  setEmbeddedCover,
  setTrackProgress,
} from '@party/db';
import { type JobHandler, jobDefinitions, lastAttemptReason } from '@party/jobs';
import {
  MediaError,
  type ProcessedCover,
  planRenditions,
  probeAudio,
  processAudio,
  processCover,
  readEmbeddedChapters,
  sha256File,
  splitPeaks,
  titleFromFileName,
} from '@party/media';
import {
  deleteObjects,
  downloadToFile,
  setCoverKey,
  trackPeaksDetailKey,
  trackPeaksKey,
  trackRenditionKey,
  uploadFile,
} from '@party/storage';
import type { WorkerLog } from '../worker-log';

export interface ProcessTrackDeps {
  db: Database;
  s3: S3Client;
  bucket: string;
  log: WorkerLog;
}

const CONTENT_TYPES = { mp3: 'audio/mpeg', flac: 'audio/flac' } as const;

/**
 * Turns an uploaded audio file into its streaming tiers, peaks and facts. Idempotent: a track
 * that is no longer `processing` is left alone; renditions go to fixed keys (a retry overwrites
 * them) and the track becomes `ready` only after every object is in S3, in one transaction with
 * its rendition rows. The original is never altered. Temp files live in one directory that is
 * always removed, also when the worker is stopped mid-encode (the abort signal kills ffmpeg).
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
      const renditions = [];
      for (const rendition of processed.renditions) {
        const key = trackRenditionKey(trackId, rendition.tier, rendition.codec);
        const { bytes } = await uploadFile(
          deps.s3,
          deps.bucket,
          key,
          rendition.path,
          CONTENT_TYPES[rendition.codec],
        );
        renditions.push({
          tier: rendition.tier,
          key,
          codec: rendition.codec,
          bitrateKbps: rendition.bitrateKbps,
          bytes,
          durationSeconds: rendition.durationSeconds,
        });
      }
      // Two files: the overview draws the waveform at once, the detail level waits for a zoom.
      const peaksFiles = splitPeaks(processed.peaks);
      const peaksKey = trackPeaksKey(trackId);
      const peaksDetailKey = trackPeaksDetailKey(trackId);
      for (const [key, content] of [
        [peaksKey, peaksFiles.overview],
        [peaksDetailKey, peaksFiles.detail],
      ] as const) {
        const file = path.join(workDir, path.basename(key));
        await writeFile(file, JSON.stringify(content));
        await uploadFile(deps.s3, deps.bucket, key, file, 'application/json');
      }
      await useEmbeddedCover(deps, track.setId, facts.cover, workDir);
      // Chapters in the file fill an empty tracklist (never one an admin saved, even meanwhile).
      await prefillCuePoints(deps.db, trackId, cuesFromEmbedded(embedded, facts.durationSeconds));

      await markTrackReady(
        deps.db,
        trackId,
        {
          sha256,
          container: facts.container,
          codec: facts.codec,
          lossless: facts.lossless,
          durationSeconds: facts.durationSeconds,
          sampleRate: facts.sampleRate,
          bitDepth: facts.bitDepth,
          channels: facts.channels,
          bitrate: facts.bitrate,
          loudnessLufs: processed.loudnessLufs,
          truePeakDb: processed.truePeakDb,
          peaksKey,
          peaksDetailKey,
          streamOriginal: plan.streamOriginal,
          // An untagged file is titled from its name, not "set.flac".
          title: facts.tags.title || titleFromFileName(track.originalName),
          artist: facts.tags.artist,
        },
        renditions,
      );
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

/**
 * The set's cover from the file's embedded art, unless the set already has one: a cover an admin
 * uploaded (or art of an earlier track) is never replaced, also when it arrives during this job.
 * The art goes through the same processing as an uploaded cover (a square WebP without metadata);
 * art that cannot be read is skipped, the track does not fail for it.
 */
async function useEmbeddedCover(
  deps: ProcessTrackDeps,
  setId: string,
  cover: { mime: string; data: Buffer } | null,
  workDir: string,
) {
  if (!cover) return;
  const set = await findMusicSet(deps.db, setId);
  if (!set || set.coverKey) return;
  const coverDir = path.join(workDir, 'cover');
  await mkdir(coverDir, { recursive: true });
  const art = path.join(coverDir, 'embedded-art');
  await writeFile(art, cover.data);
  let processed: ProcessedCover;
  try {
    processed = await processCover({ inputPath: art, outputPath: path.join(coverDir, 'cover.webp') });
  } catch (error) {
    deps.log.warn({ err: error, setId }, 'embedded cover art could not be read; the set keeps no cover');
    return;
  }
  const key = setCoverKey(setId, 'webp');
  await uploadFile(deps.s3, deps.bucket, key, processed.path, 'image/webp');
  if (await setEmbeddedCover(deps.db, setId, key)) return;
  // A cover arrived meanwhile; ours is not used (unless another track's art won under this key).
  const current = await findMusicSet(deps.db, setId);
  if (current?.coverKey !== key) await deleteObjects(deps.s3, deps.bucket, [key]);
}
