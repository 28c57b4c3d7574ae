import type { FileHandle } from 'node:fs/promises';
import { open, unlink } from 'node:fs/promises';
import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { DiskCache } from './disk-cache';
import type { ObjectValidators } from './http-semantics';

/** What S3's HEAD says about an object, as the proxy uses it. */
export interface ProxiedObject extends ObjectValidators {
  contentType?: string;
}

/** The object changed between HEAD and GET (a new version was written meanwhile). */
export class ObjectChangedError extends Error {
  override name = 'ObjectChangedError';
}

export interface ObjectProxyOptions {
  client: S3Client;
  bucket: string;
  /** Null: no disk cache, every request streams from S3. */
  cache: DiskCache | null;
  /**
   * A Range that starts this far or less past what a running download has written waits for the
   * download; one further ahead (a seek deep into a long set) gets its own ranged GET instead.
   */
  followAheadBytes?: number;
  onError?: (error: unknown, what: string) => void;
  /**
   * Told which path served each read and how many bytes it asked for, for metrics: `cache` a hit,
   * `download` a miss that fills (or follows) a cache file, `direct` a ranged GET past the cache.
   */
  onRead?: (source: 'cache' | 'download' | 'direct', bytes: number) => void;
}

// Per client at most about this much sits in the reader and about as much in the socket's buffer.
const READ_CHUNK = 64 * 1024;
// The download keeps reading from S3 while earlier bytes are being written, up to this much
// (per download); what piled up meanwhile goes to disk in one writev.
const WRITE_BUFFER = 4 * 1024 * 1024;
// The latest bytes a download received stay in memory this long (per download, however many
// readers follow it), so readers close behind the S3 GET take them from there instead of reading
// the file back; it is larger than WRITE_BUFFER, so anything older is already in the file.
const RECENT_WINDOW = 8 * 1024 * 1024;

/** One S3 GET filling a cache file, which any number of readers follow while it grows. */
class Download {
  /** Bytes in the cache file so far. */
  written = 0;
  /** Bytes received from S3 so far (ahead of `written` by what waits for the disk). */
  received = 0;
  /** The latest received chunks, in order, covering [recentStart, received). */
  private recent: Buffer[] = [];
  private recentStart = 0;
  done = false;
  error: Error | undefined;
  private waiters: Array<() => void> = [];
  readonly settled: Promise<void>;
  private settle!: () => void;
  /** The temp file's path, once it exists. */
  readonly tempFile: Promise<string>;
  private tempCreated!: (path: string) => void;
  private tempFailed!: (error: Error) => void;

  constructor(
    readonly key: string,
    readonly object: ProxiedObject,
    readonly finalPath: string,
  ) {
    this.settled = new Promise((resolve) => {
      this.settle = resolve;
    });
    this.tempFile = new Promise((resolve, reject) => {
      this.tempCreated = resolve;
      this.tempFailed = reject;
    });
    this.tempFile.catch(() => {}); // nobody may be waiting for it
  }

  created(tempPath: string): void {
    this.tempCreated(tempPath);
  }

  /** A chunk arrived from S3: readers close behind may take it from memory. */
  receive(chunk: Buffer): void {
    this.recent.push(chunk);
    this.received += chunk.length;
    while (
      this.recent.length > 1 &&
      this.received - this.recentStart - (this.recent[0]?.length ?? 0) >= RECENT_WINDOW
    ) {
      this.recentStart += this.recent.shift()?.length ?? 0;
    }
    this.progressed();
  }

  /** Up to `length` bytes at `position` from the recent chunks, without copying; undefined if not there. */
  fromMemory(position: number, length: number): Buffer | undefined {
    if (position < this.recentStart || position >= this.received) return undefined;
    let offset = this.recentStart;
    for (const chunk of this.recent) {
      if (position < offset + chunk.length) {
        const from = position - offset;
        return chunk.subarray(from, Math.min(chunk.length, from + length));
      }
      offset += chunk.length;
    }
    return undefined;
  }

  progressed(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  finish(error?: Error): void {
    // Everything is in the file now (or nothing is wanted): readers continue from there.
    this.recent = [];
    this.recentStart = this.received;
    if (error) {
      this.error = error;
      this.tempFailed(error);
    } else {
      this.done = true;
    }
    this.progressed();
    this.settle();
  }

  /**
   * Resolves once byte `position` is on disk or in memory (or the file is complete); rejects if the
   * download failed.
   */
  async reach(position: number): Promise<void> {
    while (this.written <= position && !this.done && this.fromMemory(position, 1) === undefined) {
      if (this.error) throw this.error;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Opens the file for reading: the temp file while it grows, the final one once renamed. */
  async openForReading(): Promise<FileHandle> {
    try {
      return await open(await this.tempFile, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      await this.settled;
      if (this.error) throw this.error;
      return open(this.finalPath, 'r');
    }
  }
}

/**
 * Streams bytes [start, end] of a download's file, waiting for the writer where it is ahead of it.
 * Reads only when the consumer asks (`_read`), so a slow client holds at most a buffer or two.
 */
class DownloadReader extends Readable {
  private handle: FileHandle | undefined;
  private position: number;

  constructor(
    private readonly download: Download,
    start: number,
    private readonly end: number,
  ) {
    super({ highWaterMark: READ_CHUNK });
    this.position = start;
  }

  override _construct(callback: (error?: Error | null) => void): void {
    this.download.openForReading().then(
      (handle) => {
        this.handle = handle;
        callback();
      },
      (error: Error) => callback(error),
    );
  }

  override _read(size: number): void {
    this.readSome(size).catch((error: Error) => this.destroy(error));
  }

  private async readSome(size: number): Promise<void> {
    if (this.position > this.end) {
      this.push(null);
      return;
    }
    const want = Math.min(Math.max(size, READ_CHUNK), this.end + 1 - this.position);
    let available = 0;
    // Until the bytes at `position` are in memory or on disk (memory may move on meanwhile).
    for (;;) {
      await this.download.reach(this.position);
      if (this.destroyed || !this.handle) return;
      // Close behind the S3 GET: straight from the bytes just received, no read back from the file.
      const recent = this.download.done ? undefined : this.download.fromMemory(this.position, want);
      if (recent) {
        this.position += recent.length;
        this.push(recent);
        return;
      }
      available = this.download.done ? this.end + 1 : Math.min(this.end + 1, this.download.written);
      if (available > this.position) break;
    }
    const length = Math.min(want, available - this.position);
    const buffer = Buffer.allocUnsafe(length);
    const { bytesRead } = await this.handle.read(buffer, 0, length, this.position);
    if (this.destroyed) return;
    if (bytesRead === 0) throw new Error('the media cache file ended before the bytes its download wrote');
    this.position += bytesRead;
    this.push(bytesRead === length ? buffer : buffer.subarray(0, bytesRead));
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    const handle = this.handle;
    this.handle = undefined;
    if (!handle) {
      callback(error);
      return;
    }
    handle.close().then(
      () => callback(error),
      () => callback(error),
    );
  }
}

/** Shows each chunk to the download's readers as it arrives from S3, before it reaches the disk. */
function receivedTap(download: Download): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      download.receive(chunk);
      callback(null, chunk);
    },
  });
}

/**
 * Writes a download's bytes at their offsets and tells waiting readers after every write. Its
 * buffer lets the S3 socket keep flowing while the disk works; `_writev` batches what arrived.
 */
function cacheFileWriter(handle: FileHandle, download: Download): Writable {
  const writeAll = async (buffers: Buffer[]) => {
    const total = buffers.reduce((sum, buffer) => sum + buffer.length, 0);
    let { bytesWritten } = await handle.writev(buffers, download.written);
    if (bytesWritten < total) {
      // A short write (rare): finish the rest from one buffer.
      let rest = Buffer.concat(buffers, total).subarray(bytesWritten);
      while (rest.length > 0) {
        const more = await handle.write(rest, 0, rest.length, download.written + bytesWritten);
        bytesWritten += more.bytesWritten;
        rest = rest.subarray(more.bytesWritten);
      }
    }
    download.written += bytesWritten;
    download.progressed();
  };
  return new Writable({
    highWaterMark: WRITE_BUFFER,
    write(chunk: Buffer, _encoding, callback) {
      writeAll([chunk]).then(() => callback(), callback);
    },
    writev(chunks, callback) {
      writeAll(chunks.map(({ chunk }) => chunk as Buffer)).then(() => callback(), callback);
    },
  });
}

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NotFound' || e?.name === 'NoSuchKey' || e?.$metadata?.httpStatusCode === 404;
}

/**
 * Reads private objects for the `/media` proxy: HEAD for the current version (shared by concurrent
 * requests), then bytes from the disk cache, from a download in progress (singleflight: one S3 GET
 * per object version however many requests miss at once), or straight from S3 for objects the
 * cache does not take and for seeks far ahead of a running download. Every path is a stream with
 * backpressure; nothing buffers an object in memory.
 */
export class ObjectProxy {
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly cache: DiskCache | null;
  private readonly followAheadBytes: number;
  private readonly onError: (error: unknown, what: string) => void;
  private readonly onRead: NonNullable<ObjectProxyOptions['onRead']>;
  private readonly heads = new Map<string, Promise<ProxiedObject | undefined>>();
  private readonly downloads = new Map<string, Download>();
  private readonly counters = { downloads: 0, rangeGets: 0, cacheHits: 0 };

  constructor(options: ObjectProxyOptions) {
    this.client = options.client;
    this.bucket = options.bucket;
    this.cache = options.cache;
    this.followAheadBytes = options.followAheadBytes ?? 32 * 1024 * 1024;
    this.onError = options.onError ?? (() => {});
    this.onRead = options.onRead ?? (() => {});
  }

  /** The object's current version (HEAD), or undefined if there is none. Concurrent calls share one HEAD. */
  head(key: string): Promise<ProxiedObject | undefined> {
    let pending = this.heads.get(key);
    if (!pending) {
      pending = this.client
        .send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }))
        .then(
          (head): ProxiedObject => {
            if (!head.ETag || head.ContentLength === undefined) {
              throw new Error(`S3 answered HEAD ${key} without ETag or Content-Length`);
            }
            return {
              etag: head.ETag,
              size: head.ContentLength,
              lastModified: head.LastModified,
              contentType: head.ContentType,
            };
          },
          (error: unknown) => {
            if (isNotFound(error)) return undefined;
            throw error;
          },
        )
        .finally(() => this.heads.delete(key));
      this.heads.set(key, pending);
    }
    return pending;
  }

  /**
   * Bytes [start, end] (inclusive) of the version `object` describes. The stream fails with
   * `ObjectChangedError` if S3 meanwhile holds another version.
   */
  async read(key: string, object: ProxiedObject, start: number, end: number): Promise<Readable> {
    if (object.size === 0 || end < start) return Readable.from([]);
    const cache = this.cache;
    if (cache?.admits(object.size)) {
      const finalPath = cache.pathFor(key, object.etag, object.size);
      let download = this.downloads.get(finalPath);
      if (!download) {
        const handle = await cache.lookup(finalPath, object.size);
        if (handle) {
          this.counters.cacheHits += 1;
          this.onRead('cache', end - start + 1);
          return handle.createReadStream({ start, end, highWaterMark: READ_CHUNK });
        }
        // Re-checked after the await: another request may have started the download meanwhile.
        download = this.downloads.get(finalPath) ?? this.startDownload(key, object, finalPath);
      }
      if (download && start <= download.written + this.followAheadBytes) {
        this.onRead('download', end - start + 1);
        return new DownloadReader(download, start, end);
      }
    }
    this.onRead('direct', end - start + 1);
    return this.rangeGet(key, object, start, end);
  }

  /** Resolves when every download now running has been committed to the cache or given up. */
  async settled(): Promise<void> {
    await Promise.all([...this.downloads.values()].map((download) => download.settled));
  }

  /** How often each path was taken (for tests and diagnostics). */
  stats() {
    return { ...this.counters, downloadsInProgress: this.downloads.size };
  }

  /** Starts filling the cache file, synchronously registered so concurrent misses share it. */
  private startDownload(key: string, object: ProxiedObject, finalPath: string): Download | undefined {
    const cache = this.cache;
    if (!cache?.reserve(object.size)) return undefined;
    const download = new Download(key, object, finalPath);
    this.downloads.set(finalPath, download);
    this.counters.downloads += 1;
    void this.runDownload(cache, download);
    return download;
  }

  private async runDownload(cache: DiskCache, download: Download): Promise<void> {
    const { key, object, finalPath } = download;
    let handle: FileHandle | undefined;
    let tempPath: string | undefined;
    try {
      tempPath = await cache.tempPathFor(finalPath);
      handle = await open(tempPath, 'wx');
      download.created(tempPath);
      const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (response.ETag !== object.etag || response.ContentLength !== object.size) {
        (response.Body as Readable | undefined)?.destroy();
        throw new ObjectChangedError(`${key} changed while it was being fetched`);
      }
      await pipeline(response.Body as Readable, receivedTap(download), cacheFileWriter(handle, download));
      if (download.written !== object.size) {
        throw new Error(`S3 sent ${download.written} of ${object.size} bytes of ${key}`);
      }
      // On disk before the name says "complete", so a crash never leaves a short file under it.
      await handle.datasync();
      await handle.close();
      handle = undefined;
      await cache.commit(tempPath, finalPath, object.size);
      this.downloads.delete(finalPath);
      download.finish();
    } catch (error) {
      this.downloads.delete(finalPath);
      cache.release(object.size);
      await handle?.close().catch(() => {});
      if (tempPath) await unlink(tempPath).catch(() => {});
      this.onError(error, `caching ${key}`);
      download.finish(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** A ranged GET straight from S3, verified to be the same version. */
  private async rangeGet(key: string, object: ProxiedObject, start: number, end: number): Promise<Readable> {
    this.counters.rangeGets += 1;
    const whole = start === 0 && end === object.size - 1;
    const response = await this.client.send(
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Range: whole ? undefined : `bytes=${start}-${end}`,
      }),
    );
    const body = response.Body as Readable | undefined;
    if (!body) throw new Error(`S3 returned no body for ${key}`);
    if (response.ETag && response.ETag !== object.etag) {
      body.destroy();
      throw new ObjectChangedError(`${key} changed while it was being fetched`);
    }
    // A service that ignored the Range (or sent another length) must not fill a 206 with the wrong
    // bytes; caught before any header goes out, so the client gets a 502 rather than a bad body.
    if (response.ContentLength !== undefined && response.ContentLength !== end - start + 1) {
      body.destroy();
      throw new Error(`S3 sent ${response.ContentLength} bytes for bytes ${start}-${end} of ${key}`);
    }
    return body;
  }
}
