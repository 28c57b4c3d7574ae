import { ERRORS, type Lock, type Locker, type RequestRelease } from '@tus/utils';
import type { ReservedSql, Sql } from 'postgres';

const CHANNEL = 'tus_lock_release';
const RETRY_MS = 100;

interface Held {
  requestRelease: RequestRelease;
}

/**
 * tus upload locks in PostgreSQL, so several API processes (on several machines) never write the
 * same upload at once. A lock is a session advisory lock on a dedicated connection; a process
 * that wants a held lock asks its holder, wherever it runs, to let go (NOTIFY), exactly as tus's
 * in-memory locker does within one process: the holder ends its request and releases.
 *
 * Uses its own connection pool: every running PATCH holds one connection while it lasts.
 */
export class PgAdvisoryLocker implements Locker {
  readonly #held = new Map<string, Held>();
  #listening: Promise<unknown> | undefined;

  constructor(
    private readonly sql: Sql,
    private readonly acquireTimeoutMs = 30_000,
  ) {}

  newLock(id: string): Lock {
    return new PgAdvisoryLock(id, this);
  }

  /** Subscribes once to release requests from other processes (and this one). */
  listen(): Promise<unknown> {
    this.#listening ??= this.sql.listen(CHANNEL, (payload) => {
      const held = this.#held.get(payload);
      if (held) void Promise.resolve(held.requestRelease()).catch(() => {});
    });
    return this.#listening;
  }

  /** @internal */ hold(id: string, held: Held) {
    this.#held.set(id, held);
  }
  /** @internal */ drop(id: string) {
    this.#held.delete(id);
  }
  /** @internal */ get pool() {
    return this.sql;
  }
  /** @internal */ get timeout() {
    return this.acquireTimeoutMs;
  }
}

class PgAdvisoryLock implements Lock {
  #connection: ReservedSql | undefined;

  constructor(
    private readonly id: string,
    private readonly locker: PgAdvisoryLocker,
  ) {}

  async lock(stopSignal: AbortSignal, requestRelease: RequestRelease): Promise<void> {
    await this.locker.listen();
    const connection = await this.locker.pool.reserve();
    const deadline = Date.now() + this.locker.timeout;
    try {
      while (!stopSignal.aborted && Date.now() < deadline) {
        const [row] =
          await connection`select pg_try_advisory_lock(hashtextextended(${this.id}, 0)) as locked`;
        if (row?.locked) {
          this.#connection = connection;
          this.locker.hold(this.id, { requestRelease });
          return;
        }
        await this.locker.pool.notify(CHANNEL, this.id);
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    } catch (error) {
      connection.release();
      throw error;
    }
    connection.release();
    throw ERRORS.ERR_LOCK_TIMEOUT;
  }

  async unlock(): Promise<void> {
    const connection = this.#connection;
    if (!connection) throw new Error('Releasing an unlocked lock!');
    this.#connection = undefined;
    this.locker.drop(this.id);
    try {
      await connection`select pg_advisory_unlock(hashtextextended(${this.id}, 0))`;
    } finally {
      connection.release();
    }
  }
}
