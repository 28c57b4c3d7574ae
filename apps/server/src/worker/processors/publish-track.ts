import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { cuesFromEmbedded } from '@party/api/music';
import { type Database, findMusicSet, markTrackReady, prefillCuePoints, setEmbeddedCover } from '@party/db';
import {
  type AudioFacts,
  type AudioPlan,
  type EmbeddedChapters,
  type ProcessedAudio,
  type ProcessedCover,
  processCover,
  splitPeaks,
  titleFromFileName,
} from '@party/media';
import {
  deleteObjects,
  setCoverKey,
  trackPeaksDetailKey,
  trackPeaksKey,
  trackRenditionKey,
  uploadFile,
} from '@party/storage';

export interface PublishTrackDeps {
  db: Database;
  s3: S3Client;
  bucket: string;
  log: { warn(details: object, message: string): void };
}

/** What processing an original produced, whichever path did it (the job, or live while uploading). */
export interface ProcessedTrack {
  track: { id: string; setId: string; originalName: string };
  facts: AudioFacts;
  /** Chapters in the file: they fill an empty tracklist. */
  embedded: EmbeddedChapters;
  sha256: string;
  plan: AudioPlan;
  processed: ProcessedAudio;
  /** A directory of the caller's, for the peaks files and the cover; the caller removes it. */
  workDir: string;
}

const CONTENT_TYPES = { mp3: 'audio/mpeg', flac: 'audio/flac' } as const;

/**
 * The one definition of a `ready` track: every rendition, both peaks files and the set's cover
 * from embedded art are in S3 under their fixed keys, and only then the track row turns `ready`
 * with its rendition rows in one transaction. Both the `process-track` job and the live encoder
 * (apps/server/src/uploads/live) end here, so they cannot disagree on what ready means.
 */
export async function publishTrack(deps: PublishTrackDeps, result: ProcessedTrack): Promise<void> {
  const { track, facts, embedded, sha256, plan, processed, workDir } = result;
  const trackId = track.id;
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
}

/**
 * The set's cover from the file's embedded art, unless the set already has one: a cover an admin
 * uploaded (or art of an earlier track) is never replaced, also when it arrives during this job.
 * The art goes through the same processing as an uploaded cover (a square WebP without metadata);
 * art that cannot be read is skipped, the track does not fail for it.
 */
async function useEmbeddedCover(
  deps: PublishTrackDeps,
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
