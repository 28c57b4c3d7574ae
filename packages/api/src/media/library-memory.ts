import type { Database } from '@party/db';

/** Rows (photos, events, tracks, cue points) remembered per process at most; a 2,000-photo gallery is about 2 MB. */
export const LIBRARY_MEMORY_ROWS = 20_000;

interface Entry {
  value: Promise<unknown>;
  rows: number;
}

/**
 * What members browse (galleries, events, sets), read once and remembered in this process while the
 * database's library version stays the same (`readLibraryState`; README "The library from memory").
 * Each request still reads the version, so a change committed by any process is seen by the next
 * request on every process. What is remembered is the same for everyone (or everyone of an audience
 * class); which class a viewer is in, per-person facts and signed URLs are decided per request.
 *
 * Callers wait on one read per key (a gallery opened by everyone at once reads it once). At most
 * `maxRows` rows are kept; the least recently used go first.
 */
export class LibraryMemory {
  private version: bigint | undefined;
  private readonly entries = new Map<string, Entry>();
  private rows = 0;

  constructor(private readonly maxRows = LIBRARY_MEMORY_ROWS) {}

  /**
   * `read`'s answer for `key` at `version`: remembered, or read now and remembered. Any other
   * version than the one remembered drops everything: a newer one, and an older one too (a request
   * that raced a change, whose read is then at least as new as its version; or a restored database,
   * whose versions start again below). `rowsOf` weighs an answer for the bound; a failed read is
   * not remembered.
   */
  remember<T>(
    version: bigint,
    key: string,
    read: () => Promise<T>,
    rowsOf: (value: T) => number,
  ): Promise<T> {
    if (version !== this.version) this.forget(version);
    const known = this.entries.get(key);
    if (known) {
      // Most recently used last, so eviction takes the first.
      this.entries.delete(key);
      this.entries.set(key, known);
      return known.value as Promise<T>;
    }
    const entry: Entry = { value: Promise.resolve(), rows: 0 };
    entry.value = read().then(
      (value) => {
        if (this.entries.get(key) === entry) {
          entry.rows = rowsOf(value);
          this.rows += entry.rows;
          this.evict();
        }
        return value;
      },
      (error: unknown) => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
        throw error;
      },
    );
    this.entries.set(key, entry);
    return entry.value as Promise<T>;
  }

  /** Rows remembered now (for tests of the bound). */
  get rowCount(): number {
    return this.rows;
  }

  private forget(version: bigint): void {
    this.version = version;
    this.entries.clear();
    this.rows = 0;
  }

  private evict(): void {
    for (const [key, entry] of this.entries) {
      if (this.rows <= this.maxRows || this.entries.size <= 1) return;
      this.entries.delete(key);
      this.rows -= entry.rows;
    }
  }
}

const memories = new WeakMap<Database, LibraryMemory>();

/** The memory of this process for this database (tests with a database each get one each). */
export function libraryMemory(db: Database): LibraryMemory {
  let memory = memories.get(db);
  if (!memory) {
    memory = new LibraryMemory();
    memories.set(db, memory);
  }
  return memory;
}
