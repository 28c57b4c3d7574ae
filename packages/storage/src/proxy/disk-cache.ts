import { createHash, randomBytes } from 'node:crypto';
import { type FileHandle, mkdir, open, readdir, rename, stat, unlink, utimes } from 'node:fs/promises';
import path from 'node:path';

export interface DiskCacheOptions {
  /** The cache directory; created if missing. Several processes may share it. */
  dir: string;
  /** Byte budget of complete files plus downloads in progress. */
  maxBytes: number;
  /** How often the directory is re-read to learn what other processes added or removed. */
  rescanIntervalMs?: number;
  /** Temp files untouched for this long are left-overs of a crashed process and are removed. */
  staleTempMs?: number;
  onError?: (error: unknown, what: string) => void;
}

interface Entry {
  size: number;
  /** Last access (ms); the Map's order is the LRU order, oldest first. */
  lastAccess: number;
  /** When the file's mtime was last bumped (it carries the access time across restarts). */
  touchedAt: number;
  /** When this process added the entry (a rescan that started earlier must not drop it). */
  addedAt: number;
}

const NAME = /^([0-9a-f]{32})-([0-9a-f]{16})-(\d+)$/;
const TEMP_NAME = /^[0-9a-f]{32}-[0-9a-f]{16}-\d+\.\d+-[0-9a-f]{12}\.tmp$/;
const SHARD = /^[0-9a-f]{2}$/;
const TEMP_SUFFIX = '.tmp';
const TOUCH_EVERY_MS = 60_000;

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

/**
 * A byte-bounded LRU cache of whole objects on local disk.
 *
 * A cached file is named after its object key, ETag and size (`<shard>/<sha256(key)>-<sha256(etag)>-<size>`),
 * so a file is only ever used for exactly the version S3's HEAD describes, and the index can be
 * rebuilt from the directory alone after a restart. Files appear atomically (written to a unique
 * temp name, then renamed), so several processes can share the directory: each keeps its own
 * index, tolerates files that others removed, and re-reads the directory periodically, so the
 * budget holds across processes within one rescan interval. Access order survives restarts
 * through the files' mtime (bumped at most once a minute per file).
 */
export class DiskCache {
  readonly dir: string;
  readonly maxBytes: number;
  private readonly entries = new Map<string, Entry>();
  private usedBytes = 0;
  private reservedBytes = 0;
  private readonly rescanIntervalMs: number;
  private readonly staleTempMs: number;
  private readonly onError: (error: unknown, what: string) => void;
  private started: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(options: DiskCacheOptions) {
    this.dir = path.resolve(options.dir);
    this.maxBytes = options.maxBytes;
    this.rescanIntervalMs = options.rescanIntervalMs ?? 120_000;
    this.staleTempMs = options.staleTempMs ?? 15 * 60_000;
    this.onError = options.onError ?? (() => {});
  }

  /** Creates the directory and rebuilds the index from it (once; later calls wait for the first). */
  start(): Promise<void> {
    this.started ??= (async () => {
      await mkdir(this.dir, { recursive: true });
      await this.rescan();
      if (!this.closed) {
        this.timer = setInterval(() => {
          this.rescan().catch((error) => this.onError(error, 'rescanning the media cache'));
        }, this.rescanIntervalMs);
        this.timer.unref();
      }
    })();
    return this.started;
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
  }

  /** Objects larger than half the budget are not cached: one file must not flush everything else. */
  admits(size: number): boolean {
    return size > 0 && size <= this.maxBytes / 2;
  }

  /** Where the cached copy of one version of an object lives. */
  pathFor(key: string, etag: string, size: number): string {
    const name = `${sha256(key).slice(0, 32)}-${sha256(etag).slice(0, 16)}-${size}`;
    return path.join(this.dir, name.slice(0, 2), name);
  }

  /** A unique temp name next to `finalPath` (same file system, so the rename is atomic). */
  async tempPathFor(finalPath: string): Promise<string> {
    await mkdir(path.dirname(finalPath), { recursive: true });
    return `${finalPath}.${process.pid}-${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`;
  }

  /**
   * Opens the cached file for `finalPath` if it exists (here or made by another process) and has the
   * size its name promises; marks it most recently used. Undefined on a miss.
   */
  async lookup(finalPath: string, size: number): Promise<FileHandle | undefined> {
    await this.start();
    let handle: FileHandle;
    try {
      handle = await open(finalPath, 'r');
    } catch (error) {
      if (!isMissing(error)) this.onError(error, 'opening a cached file');
      this.forget(finalPath);
      return undefined;
    }
    const actual = (await handle.stat()).size;
    if (actual !== size) {
      // Cannot happen through rename, but a disk that filled up or a hand-copied file must not serve.
      await handle.close();
      this.forget(finalPath);
      await unlink(finalPath).catch(() => {});
      return undefined;
    }
    this.touch(finalPath, size);
    return handle;
  }

  /**
   * Makes room for a download of `size` bytes, evicting least recently used files. False when it
   * cannot fit even then (downloads in progress hold the rest); the caller streams without caching.
   * Synchronous, so concurrent callers never overbook the budget.
   */
  reserve(size: number): boolean {
    if (!this.admits(size)) return false;
    for (const [victim, entry] of this.entries) {
      if (this.usedBytes + this.reservedBytes + size <= this.maxBytes) break;
      this.entries.delete(victim);
      this.usedBytes -= entry.size;
      // Readers that already opened the file keep reading it: unlinking only drops the name.
      unlink(victim).catch((error) => {
        if (!isMissing(error)) this.onError(error, 'evicting a cached file');
      });
    }
    if (this.usedBytes + this.reservedBytes + size > this.maxBytes) return false;
    this.reservedBytes += size;
    return true;
  }

  /** Gives back a reservation whose download failed. */
  release(size: number): void {
    this.reservedBytes = Math.max(0, this.reservedBytes - size);
  }

  /** Publishes a finished download: atomic rename over the final name, then counts it as cached. */
  async commit(tempPath: string, finalPath: string, size: number): Promise<void> {
    await rename(tempPath, finalPath);
    this.release(size);
    this.forget(finalPath); // another process may have renamed the same version meanwhile
    const now = Date.now();
    this.entries.set(finalPath, { size, lastAccess: now, touchedAt: now, addedAt: now });
    this.usedBytes += size;
  }

  /** Bytes of complete files and reservations this process knows of. */
  stats(): { usedBytes: number; reservedBytes: number; files: number } {
    return { usedBytes: this.usedBytes, reservedBytes: this.reservedBytes, files: this.entries.size };
  }

  private forget(finalPath: string): void {
    const entry = this.entries.get(finalPath);
    if (!entry) return;
    this.entries.delete(finalPath);
    this.usedBytes -= entry.size;
  }

  private touch(finalPath: string, size: number): void {
    const now = Date.now();
    const entry = this.entries.get(finalPath);
    if (entry) {
      this.entries.delete(finalPath);
      entry.lastAccess = now;
      this.entries.set(finalPath, entry);
    } else {
      // Made by another process: ours to count from now on.
      this.entries.set(finalPath, { size, lastAccess: now, touchedAt: 0, addedAt: now });
      this.usedBytes += size;
      this.evictToBudget();
    }
    const current = this.entries.get(finalPath);
    if (current && now - current.touchedAt > TOUCH_EVERY_MS) {
      current.touchedAt = now;
      const time = new Date(now);
      utimes(finalPath, time, time).catch(() => {});
    }
  }

  private evictToBudget(): void {
    for (const [victim, entry] of this.entries) {
      if (this.usedBytes + this.reservedBytes <= this.maxBytes) break;
      this.entries.delete(victim);
      this.usedBytes -= entry.size;
      unlink(victim).catch(() => {});
    }
  }

  /**
   * Re-reads the directory: adopts files other processes added, drops ones that vanished, removes
   * stale temp files and corrupt names, restores LRU order from mtimes, then evicts to the budget.
   */
  async rescan(): Promise<void> {
    const startedAt = Date.now();
    const found = new Map<string, { size: number; mtime: number }>();
    let shards: string[];
    try {
      shards = await readdir(this.dir);
    } catch (error) {
      if (isMissing(error)) return;
      throw error;
    }
    // Only names this cache writes are touched, so a misconfigured directory never loses other files.
    for (const shard of shards.filter((name) => SHARD.test(name))) {
      const shardDir = path.join(this.dir, shard);
      let names: string[];
      try {
        names = await readdir(shardDir);
      } catch {
        continue; // not a directory, or removed meanwhile
      }
      for (const name of names) {
        const temp = TEMP_NAME.test(name);
        const match = NAME.exec(name);
        if (!temp && !match) continue;
        const file = path.join(shardDir, name);
        let info: Awaited<ReturnType<typeof stat>>;
        try {
          info = await stat(file);
        } catch {
          continue;
        }
        if (temp) {
          // A live download (ours or another process's) writes continuously; an old one is debris.
          if (startedAt - info.mtimeMs > this.staleTempMs) await unlink(file).catch(() => {});
          continue;
        }
        if (!match || Number(match[3]) !== info.size || !name.startsWith(shard)) {
          await unlink(file).catch(() => {});
          continue;
        }
        found.set(file, { size: info.size, mtime: info.mtimeMs });
      }
    }

    // Apply in one synchronous step, keeping entries added while the directory was being read.
    const merged: Array<[string, Entry]> = [];
    for (const [file, entry] of this.entries) {
      const seen = found.get(file);
      if (seen) {
        merged.push([file, { ...entry, lastAccess: Math.max(entry.lastAccess, seen.mtime) }]);
        found.delete(file);
      } else if (entry.addedAt >= startedAt) {
        merged.push([file, entry]);
      }
    }
    for (const [file, seen] of found) {
      merged.push([file, { size: seen.size, lastAccess: seen.mtime, touchedAt: seen.mtime, addedAt: 0 }]);
    }
    merged.sort((a, b) => a[1].lastAccess - b[1].lastAccess);
    this.entries.clear();
    this.usedBytes = 0;
    for (const [file, entry] of merged) {
      this.entries.set(file, entry);
      this.usedBytes += entry.size;
    }
    this.evictToBudget();
  }
}
