import { createDatabase } from '@party/db';
import { useTestDatabase } from '@party/testing';
import { ERRORS } from '@tus/utils';
import { afterAll, describe, expect, it } from 'vitest';
import { PgAdvisoryLocker } from '../src/uploads/pg-advisory-locker';

const { url } = await useTestDatabase();
// Two pools stand for two API processes sharing one database.
const poolA = createDatabase(url, { max: 4 });
const poolB = createDatabase(url, { max: 4 });
afterAll(async () => {
  await poolA.close();
  await poolB.close();
});
const processA = new PgAdvisoryLocker(poolA.sql, 2_000);
const processB = new PgAdvisoryLocker(poolB.sql, 2_000);
const never = new AbortController().signal;

describe('PgAdvisoryLocker (tus locks across processes)', () => {
  it('asks the holder in another process to release, then takes the lock', async () => {
    const held = processA.newLock('originals/upload-1');
    let releaseRequests = 0;
    await held.lock(never, async () => {
      releaseRequests += 1;
      await held.unlock();
    });
    const wanted = processB.newLock('originals/upload-1');
    await wanted.lock(never, () => {});
    expect(releaseRequests).toBe(1);
    await wanted.unlock();
  });

  it('times out when the holder does not let go, and locks of other uploads are independent', async () => {
    const stubborn = processA.newLock('originals/upload-2');
    await stubborn.lock(never, () => {});
    const other = processB.newLock('originals/upload-3');
    await other.lock(never, () => {});
    const started = Date.now();
    await expect(processB.newLock('originals/upload-2').lock(never, () => {})).rejects.toBe(
      ERRORS.ERR_LOCK_TIMEOUT,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
    await stubborn.unlock();
    await other.unlock();
    const now = processB.newLock('originals/upload-2');
    await now.lock(never, () => {});
    await now.unlock();
  });

  it('gives up at once when the request is aborted', async () => {
    const holder = processA.newLock('originals/upload-4');
    await holder.lock(never, () => {});
    const controller = new AbortController();
    const waiting = processB.newLock('originals/upload-4').lock(controller.signal, () => {});
    controller.abort();
    await expect(waiting).rejects.toBe(ERRORS.ERR_LOCK_TIMEOUT);
    await holder.unlock();
  });
});
