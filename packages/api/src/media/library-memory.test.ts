import { describe, expect, it } from 'vitest';
import { LibraryMemory } from './library-memory';

/** A read that counts its calls and answers `rows` rows. */
function counted(rows = 1) {
  const read = async () => {
    read.calls++;
    return { rows };
  };
  read.calls = 0;
  return read;
}
const weigh = (value: { rows: number }) => value.rows;

describe('LibraryMemory', () => {
  it('reads a key once per version, also for callers that arrive together', async () => {
    const memory = new LibraryMemory();
    const read = counted();
    await Promise.all([1, 2, 3].map(() => memory.remember(1n, 'events', read, weigh)));
    await memory.remember(1n, 'events', read, weigh);
    expect(read.calls).toBe(1);
    await memory.remember(2n, 'events', read, weigh);
    await memory.remember(2n, 'events', read, weigh);
    expect(read.calls).toBe(2);
  });

  it('forgets every key when the version changes', async () => {
    const memory = new LibraryMemory();
    const a = counted();
    const b = counted();
    await memory.remember(1n, 'a', a, weigh);
    await memory.remember(1n, 'b', b, weigh);
    await memory.remember(2n, 'a', a, weigh);
    await memory.remember(2n, 'b', b, weigh);
    expect([a.calls, b.calls]).toEqual([2, 2]);
  });

  it('forgets everything also for an older version (a restored database counts again from below)', async () => {
    const memory = new LibraryMemory();
    const read = counted();
    await memory.remember(5n, 'events', read, weigh);
    await memory.remember(4n, 'events', read, weigh);
    await memory.remember(4n, 'events', read, weigh);
    expect(read.calls).toBe(2);
    await memory.remember(5n, 'events', read, weigh);
    expect(read.calls).toBe(3);
  });

  it('does not remember a failed read', async () => {
    const memory = new LibraryMemory();
    let fail = true;
    const read = async () => {
      if (fail) throw new Error('database gone');
      return { rows: 1 };
    };
    await expect(memory.remember(1n, 'events', read, weigh)).rejects.toThrow('database gone');
    fail = false;
    await expect(memory.remember(1n, 'events', read, weigh)).resolves.toEqual({ rows: 1 });
  });

  it('keeps at most its bound of rows, dropping the least recently used first', async () => {
    const memory = new LibraryMemory(10);
    const reads = { a: counted(4), b: counted(4), c: counted(4) };
    await memory.remember(1n, 'a', reads.a, weigh);
    await memory.remember(1n, 'b', reads.b, weigh);
    await memory.remember(1n, 'a', reads.a, weigh); // a is now the most recently used
    await memory.remember(1n, 'c', reads.c, weigh); // 12 rows: b goes
    expect(memory.rowCount).toBe(8);
    await memory.remember(1n, 'a', reads.a, weigh);
    await memory.remember(1n, 'b', reads.b, weigh);
    expect([reads.a.calls, reads.b.calls, reads.c.calls]).toEqual([1, 2, 1]);
  });

  it('keeps a single answer larger than the bound (the gallery being opened)', async () => {
    const memory = new LibraryMemory(10);
    const big = counted(50);
    await memory.remember(1n, 'big', big, weigh);
    await memory.remember(1n, 'big', big, weigh);
    expect(big.calls).toBe(1);
  });
});
