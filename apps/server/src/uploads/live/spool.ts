import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { type FileHandle, open } from 'node:fs/promises';
import { Readable } from 'node:stream';

/** Bytes handed to one write call at most: fewer syscalls than one per request chunk. */
const WRITE_BATCH = 4 * 1024 * 1024;
/** Bytes a follower reads at once. */
const READ_SIZE = 1024 * 1024;

/**
 * A local file that an upload's bytes are appended to as they arrive, and that any number of
 * readers follow while it grows. Appending never waits for the disk: chunks queue in memory and are
 * written in order; if more than `maxBacklog` bytes are waiting, the disk cannot keep up with the
 * upload and the spool fails (it never slows the upload down to catch up). The SHA-256 of the
 * bytes is computed as they are written.
 */
export class Spool extends EventEmitter<{ grow: []; fail: [Error] }> {
  /** Bytes handed to {@link append} (written or queued). */
  accepted = 0;
  /** Bytes on disk, readable by followers. */
  written = 0;
  /** The final length once the upload is complete; followers end there. */
  private finalSize: number | null = null;
  private queue: Buffer[] = [];
  private queued = 0;
  private writing = false;
  private failure: Error | null = null;
  private readonly hash = createHash('sha256');

  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    private readonly maxBacklog: number,
  ) {
    super();
    this.setMaxListeners(0);
  }

  static async create(path: string, maxBacklog: number): Promise<Spool> {
    return new Spool(path, await open(path, 'wx'), maxBacklog);
  }

  get failed(): Error | null {
    return this.failure;
  }

  /** Queues a chunk; false (and the spool fails) when the disk is too far behind or broke. */
  append(chunk: Buffer): boolean {
    if (this.failure) return false;
    if (this.queued + chunk.length > this.maxBacklog) {
      this.fail(new Error(`the spool fell more than ${this.maxBacklog} bytes behind the upload`));
      return false;
    }
    this.queue.push(chunk);
    this.queued += chunk.length;
    this.accepted += chunk.length;
    if (!this.writing) void this.drain();
    return true;
  }

  /** Declares the upload complete at `size` bytes (which must be all that was accepted). */
  seal(size: number): void {
    this.finalSize = size;
    this.emit('grow');
  }

  /** Resolves once every accepted byte is on disk; rejects if the spool failed. */
  async flushed(): Promise<void> {
    while (!this.failure && this.written < this.accepted) {
      await new Promise<void>((resolve) => {
        const done = () => {
          this.off('grow', done);
          this.off('fail', done);
          resolve();
        };
        this.on('grow', done);
        this.on('fail', done);
      });
    }
    if (this.failure) throw this.failure;
  }

  /** SHA-256 (hex) of the bytes written so far: of the whole upload once flushed. */
  digest(): string {
    return this.hash.copy().digest('hex');
  }

  fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.queue = [];
    this.queued = 0;
    this.emit('fail', error);
  }

  async close(): Promise<void> {
    this.fail(new Error('the spool was closed'));
    await this.handle.close().catch(() => undefined);
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.queue.length > 0 && !this.failure) {
        const batch: Buffer[] = [];
        let bytes = 0;
        while (this.queue.length > 0 && bytes < WRITE_BATCH) {
          const chunk = this.queue.shift() as Buffer;
          batch.push(chunk);
          bytes += chunk.length;
        }
        const data = batch.length === 1 ? (batch[0] as Buffer) : Buffer.concat(batch, bytes);
        let done = 0;
        while (done < data.length) {
          const { bytesWritten } = await this.handle.write(
            data,
            done,
            data.length - done,
            this.written + done,
          );
          done += bytesWritten;
        }
        if (this.failure) return;
        this.queued -= bytes;
        this.hash.update(data);
        this.written += bytes;
        this.emit('grow');
      }
    } catch (error) {
      this.fail(error instanceof Error ? error : new Error(String(error)));
    } finally {
      this.writing = false;
    }
  }

  /**
   * A stream of the spool from its first byte, following it as it grows: it waits at the end of
   * what is written until more arrives, ends at the sealed length, and errors when the spool fails
   * (so a reader such as ffmpeg is stopped rather than fed a gap).
   */
  follow(): Readable {
    let position = 0;
    let reader: FileHandle | undefined;
    const spool = this;
    const waitForMore = () =>
      new Promise<void>((resolve) => {
        const done = () => {
          spool.off('grow', done);
          spool.off('fail', done);
          resolve();
        };
        spool.on('grow', done);
        spool.on('fail', done);
      });
    return new Readable({
      highWaterMark: READ_SIZE,
      async read() {
        try {
          reader ??= await open(spool.path, 'r');
          for (;;) {
            if (spool.failure) throw spool.failure;
            if (position < spool.written) {
              const length = Math.min(READ_SIZE, spool.written - position);
              const buffer = Buffer.allocUnsafe(length);
              const { bytesRead } = await reader.read(buffer, 0, length, position);
              position += bytesRead;
              this.push(buffer.subarray(0, bytesRead));
              return;
            }
            if (spool.finalSize !== null && position >= spool.finalSize) {
              this.push(null);
              return;
            }
            await waitForMore();
          }
        } catch (error) {
          this.destroy(error instanceof Error ? error : new Error(String(error)));
        }
      },
      destroy(error, callback) {
        const closing = reader?.close();
        reader = undefined;
        Promise.resolve(closing)
          .catch(() => undefined)
          .then(() => callback(error));
      },
    });
  }
}
