import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { type Database, findTrack } from '@party/db';
import type { JobQueue } from '@party/jobs';
import type { AudioFacts, AudioPlan, ProcessedAudio } from '@party/media';
import { Spool } from './spool';
import { inspectHead, MAX_HEADER_BYTES } from './stream-head';

export interface LiveEncoderOptions {
  db: Database;
  s3: S3Client;
  bucket: string;
  jobs: JobQueue;
  log: { info(details: object, message: string): void; warn(details: object, message: string): void };
  /** Where spools live; emptied on start (what a previous process left is never trusted). */
  spoolDir: string;
  /** Bytes the spool may fall behind the upload before live mode is given up. */
  maxBacklogBytes?: number;
  /** An upload that receives nothing for this long is given up to the post-upload job. */
  idleMs?: number;
}

export type LiveOutcome =
  | { uploadId: string; result: 'ready'; trackId: string }
  | { uploadId: string; result: 'abandoned'; reason: string; trackId?: string };

/** A track handed to the live path is also queued this late, in case this process dies first. */
export const LIVE_SAFETY_NET_SECONDS = 600;

/** `nice` level of live encodes (0 is everything else's). */
const LIVE_NICENESS = 10;
const DEFAULT_BACKLOG = 64 * 1024 * 1024;
const DEFAULT_IDLE_MS = 10 * 60 * 1000;

/**
 * The media pipeline, loaded with the first upload that is encoded live: an API process whose
 * uploads are never FLAC (or are photos) does not carry sharp and the ffmpeg wrappers.
 */
const pipeline = async () => ({
  ...(await import('@party/media')),
  ...(await import('../../worker/processors/publish-track')),
});

/** What is compared between the plan made from the header and the one the whole file gives. */
const planKey = (plan: AudioPlan) =>
  JSON.stringify({ r: plan.renditions, s: plan.source, o: plan.streamOriginal });

class Abandon extends Error {}

interface Session {
  uploadId: string;
  size: number;
  dir: string;
  spool: Spool;
  /** The first bytes, kept until the header is read. */
  head: Buffer[] | null;
  headBytes: number;
  receiving: boolean;
  /** Set once the encode runs: the plan made from the header, and its result. */
  plan?: AudioPlan;
  encode?: Promise<ProcessedAudio>;
  controller: AbortController;
  idle?: NodeJS.Timeout;
  /** The track, once the upload completed and the live path took it over. */
  trackId?: string;
  done: boolean;
}

/**
 * Encoding while uploading (see README, Architecture): the process receiving an audio upload's
 * PATCH bodies appends them to a local spool, and, once the header shows a streamable FLAC, runs
 * the same ffmpeg processing as the `process-track` job on the growing spool. When the last byte
 * arrives only the tail is left; the whole file is probed again and must plan the same renditions,
 * and the track is published by the job's own {@link publishTrack}.
 *
 * Whenever it cannot be sure (a PATCH whose offset is not the spool's length — the upload moved to
 * another process, or this one restarted —, two PATCHes at once, a format that needs the whole
 * file, a spool that falls behind or fails, an encoder error, a different plan), the session is
 * abandoned: ffmpeg killed, spool removed, and the ordinary job processes the upload after it
 * completes. Nothing of a live session is ever published unless all of it succeeded.
 */
export class LiveEncoder extends EventEmitter<{ outcome: [LiveOutcome] }> {
  private readonly sessions = new Map<string, Session>();
  private readonly finishing = new Set<Promise<void>>();
  private readonly maxBacklog: number;
  private readonly idleMs: number;
  private closed = false;

  private constructor(private readonly options: LiveEncoderOptions) {
    super();
    this.maxBacklog = options.maxBacklogBytes ?? DEFAULT_BACKLOG;
    this.idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
  }

  /** Creates the encoder; the spool directory is emptied (a spool from before is never resumed). */
  static async start(options: LiveEncoderOptions): Promise<LiveEncoder> {
    await rm(options.spoolDir, { recursive: true, force: true });
    await mkdir(options.spoolDir, { recursive: true });
    return new LiveEncoder(options);
  }

  /**
   * Called by `/files` before tus handles an audio upload's PATCH. Taps the request body (without
   * changing what tus reads) when the PATCH continues this process's spool exactly, or starts one
   * at offset 0; abandons the session otherwise.
   */
  async beginPatch(
    upload: { id: string; size: number },
    offset: number,
    raw: IncomingMessage,
  ): Promise<void> {
    if (this.closed) return;
    let session = this.sessions.get(upload.id);
    if (session) {
      if (session.receiving) return this.abandon(session, 'two PATCH requests arrived at once');
      if (offset !== session.spool.accepted) {
        return this.abandon(
          session,
          `a PATCH continued at ${offset}, the spool holds ${session.spool.accepted} bytes`,
        );
      }
    } else {
      // Offset > 0 without a session: the upload began on another process, or before a restart.
      if (offset !== 0) return;
      session = await this.open(upload);
      if (!session) return;
    }
    clearTimeout(session.idle);
    session.receiving = true;
    const current = session;
    const onData = (chunk: Buffer) => {
      if (current.done) return;
      if (!current.spool.append(chunk)) return; // the spool's fail event abandons the session
      if (current.head) this.readHead(current, chunk);
    };
    // Listening for 'data' would start the flow before tus reads the body; pausing keeps the
    // request paused until tus's reader resumes it, so both see every chunk, in order.
    raw.on('data', onData);
    raw.pause();
    raw.once('close', () => raw.off('data', onData));
  }

  /** Called after tus answered a PATCH. */
  endPatch(uploadId: string): void {
    const session = this.sessions.get(uploadId);
    if (!session || session.done || session.trackId) return;
    session.receiving = false;
    clearTimeout(session.idle);
    session.idle = setTimeout(() => this.abandon(session, 'the upload paused for too long'), this.idleMs);
    session.idle.unref();
  }

  /**
   * Called when the upload completed on this process and its track row exists. True: the live
   * path finishes the track (the caller still queues the job, delayed, as a safety net); false:
   * the caller queues the job as usual.
   */
  takeOver(uploadId: string, track: { id: string; size: number }): boolean {
    const session = this.sessions.get(uploadId);
    if (!session || session.done) return false;
    if (!session.encode || !session.plan) {
      this.abandon(session, 'the header was never read', track.id);
      return false;
    }
    if (session.spool.accepted !== track.size || session.size !== track.size) {
      this.abandon(session, `the spool holds ${session.spool.accepted} of ${track.size} bytes`, track.id);
      return false;
    }
    clearTimeout(session.idle);
    session.trackId = track.id;
    session.spool.seal(track.size);
    const finishing = this.finish(session, track.id).finally(() => this.finishing.delete(finishing));
    this.finishing.add(finishing);
    return true;
  }

  /** Gives up an upload's session, e.g. when the upload was cancelled. */
  cancel(uploadId: string): void {
    const session = this.sessions.get(uploadId);
    if (session) void this.abandon(session, 'the upload was cancelled');
  }

  /** Stops every session (killing ffmpeg) and waits for tails being finished to settle. */
  async close(): Promise<void> {
    this.closed = true;
    for (const session of this.sessions.values()) await this.abandon(session, 'the server is stopping');
    await Promise.allSettled([...this.finishing]);
  }

  private async open(upload: { id: string; size: number }): Promise<Session | undefined> {
    const dir = path.join(this.options.spoolDir, randomUUID());
    let spool: Spool;
    try {
      await mkdir(dir);
      spool = await Spool.create(path.join(dir, 'original'), this.maxBacklog);
    } catch (error) {
      await rm(dir, { recursive: true, force: true }).catch(() => undefined);
      this.options.log.warn(
        { err: error, uploadId: upload.id },
        'live encoding off for this upload: no spool',
      );
      this.emit('outcome', {
        uploadId: upload.id,
        result: 'abandoned',
        reason: `the spool could not be created: ${(error as Error).message}`,
      });
      return undefined;
    }
    const session: Session = {
      uploadId: upload.id,
      size: upload.size,
      dir,
      spool,
      head: [],
      headBytes: 0,
      receiving: false,
      controller: new AbortController(),
      done: false,
    };
    spool.on('fail', (error) => void this.abandon(session, `the spool failed: ${error.message}`));
    this.sessions.set(upload.id, session);
    return session;
  }

  private readHead(session: Session, chunk: Buffer): void {
    if (!session.head) return;
    session.head.push(chunk);
    session.headBytes += chunk.length;
    const head = Buffer.concat(session.head, session.headBytes);
    session.head = [head];
    const verdict = inspectHead(head, session.size);
    if (verdict.kind === 'more') {
      if (session.headBytes > MAX_HEADER_BYTES) void this.abandon(session, 'its header is too large');
      return;
    }
    session.head = null;
    if (verdict.kind === 'no') {
      void this.abandon(session, `it cannot be encoded while uploading: ${verdict.reason}`);
      return;
    }
    void this.startEncode(session, head.subarray(0, verdict.audioOffset)).catch((error: unknown) =>
      this.abandon(session, error instanceof Error ? error.message : String(error)),
    );
  }

  private async startEncode(session: Session, header: Buffer): Promise<void> {
    // The header alone is a valid FLAC without frames: the same probe as the job's reads its facts.
    const headerPath = path.join(session.dir, 'header.flac');
    await writeFile(headerPath, header);
    const { probeAudio, planRenditions, processAudio } = await pipeline();
    let facts: AudioFacts;
    try {
      facts = await probeAudio(headerPath);
    } catch (error) {
      throw new Abandon(`its header could not be read: ${(error as Error).message}`);
    }
    const plan = planRenditions(facts);
    if (!plan.source.verifyLength) throw new Abandon('its header does not declare an exact length');
    if (session.done) return;
    session.plan = plan;
    session.encode = processAudio({
      inputPath: () => session.spool.follow(),
      outputDir: path.join(session.dir, 'out'),
      plan,
      signal: session.controller.signal,
      // Below the upload it follows: the relay to S3 must never wait for a core.
      niceness: LIVE_NICENESS,
    });
    session.encode.catch((error: unknown) => {
      if (!session.done) void this.abandon(session, `the encoder failed: ${(error as Error).message}`);
    });
  }

  private async finish(session: Session, trackId: string): Promise<void> {
    const started = performance.now();
    const ms = () => Math.round(performance.now() - started);
    try {
      await session.spool.flushed();
      const processed = await (session.encode as Promise<ProcessedAudio>);
      const encodedMs = ms();
      if (session.done) throw new Abandon('abandoned while finishing');
      const { probeAudio, planRenditions, publishTrack, readEmbeddedChapters } = await pipeline();
      const [facts, embedded] = await Promise.all([
        probeAudio(session.spool.path),
        readEmbeddedChapters(session.spool.path),
      ]);
      const plan = planRenditions(facts);
      if (planKey(plan) !== planKey(session.plan as AudioPlan)) {
        throw new Abandon('the whole file plans other renditions than its header did');
      }
      const track = await findTrack(this.options.db, trackId);
      if (track?.status !== 'processing') throw new Abandon('the track is no longer processing');
      await publishTrack(this.options, {
        track,
        facts,
        embedded,
        sha256: session.spool.digest(),
        plan,
        processed,
        workDir: session.dir,
      });
      // How long the tail took after the last byte: the encode's rest, then probing and publishing.
      this.options.log.info(
        { trackId, uploadId: session.uploadId, tailMs: { encoded: encodedMs, published: ms() } },
        'track encoded while uploading',
      );
      await this.end(session);
      this.emit('outcome', { uploadId: session.uploadId, result: 'ready', trackId });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      await this.abandon(session, reason, trackId);
    }
  }

  /** Ends a session without a result; with a track, the ordinary job is queued now. */
  private async abandon(session: Session, reason: string, givenTrackId?: string): Promise<void> {
    if (session.done) return;
    const trackId = givenTrackId ?? session.trackId;
    await this.end(session);
    this.options.log.info(
      { uploadId: session.uploadId, trackId, reason },
      'live encoding abandoned; the upload is processed after it completes',
    );
    if (trackId) {
      const track = await findTrack(this.options.db, trackId).catch(() => undefined);
      if (track?.status === 'processing') {
        await this.options.jobs
          .send('process-track', { trackId })
          .catch((error: unknown) =>
            this.options.log.warn(
              { err: error, trackId },
              'could not queue the track; the delayed job will run',
            ),
          );
      }
    }
    this.emit('outcome', {
      uploadId: session.uploadId,
      result: 'abandoned',
      reason,
      ...(trackId ? { trackId } : {}),
    });
  }

  private async end(session: Session): Promise<void> {
    session.done = true;
    clearTimeout(session.idle);
    if (this.sessions.get(session.uploadId) === session) this.sessions.delete(session.uploadId);
    session.controller.abort(new Abandon('live session ended'));
    await session.encode?.catch(() => undefined);
    await session.spool.close();
    await rm(session.dir, { recursive: true, force: true }).catch(() => undefined);
  }
}
