import { describe, expect, it, vi } from 'vitest';
import { type ListeningBatch, ListeningOutbox, OUTBOX_MAX, type OutboxStorage } from './listening-outbox';
import type { ReportEntry } from './listening-tally';

const KEY = 'party:listening-outbox:user-1';

function memoryStorage(): OutboxStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
    removeItem: (key) => void map.delete(key),
  };
}

const entry = (minute: number): ReportEntry => ({
  trackId: '00000000-0000-4000-8000-000000000001',
  at: new Date(Date.UTC(2026, 5, 1, 20, minute)),
  started: minute === 0,
  qualified: false,
  fraction: 0.01,
  minutes: [{ minute, seconds: 60 }],
});

function outboxOn(storage: OutboxStorage) {
  let ids = 0;
  return new ListeningOutbox(
    KEY,
    () => storage,
    () => `batch-${++ids}`,
  );
}

describe('ListeningOutbox', () => {
  it('keeps a batch whose send failed, and a later flush delivers it once, with the same id', async () => {
    const storage = memoryStorage();
    const outbox = outboxOn(storage);
    const received: ListeningBatch[] = [];
    const send = vi.fn(async (batch: ListeningBatch) => {
      received.push(structuredClone(batch));
    });

    send.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    await outbox.flush([entry(0)], send);
    expect(received).toEqual([]);
    expect(outbox.pending().map((b) => b.batchId)).toEqual(['batch-1']);
    expect(JSON.parse(storage.map.get(KEY) ?? '[]')).toHaveLength(1);

    // Back online: the kept batch goes first, then the new one; each once.
    await outbox.flush([entry(1)], send);
    expect(received.map((b) => b.batchId)).toEqual(['batch-1', 'batch-2']);
    expect(received[0]?.entries).toEqual([entry(0)]);
    expect(outbox.pending()).toEqual([]);
    expect(storage.map.has(KEY)).toBe(false);

    await outbox.flush([], send);
    expect(received).toHaveLength(2);
  });

  it('a batch left by the last visit is sent by the next one, dates intact', async () => {
    const storage = memoryStorage();
    await outboxOn(storage).flush([entry(3)], async () => {
      throw new Error('server away');
    });
    const received: ListeningBatch[] = [];
    const nextVisit = outboxOn(storage);
    expect(nextVisit.pending()).toHaveLength(1);
    await nextVisit.flush([], async (batch) => void received.push(batch));
    expect(received).toEqual([{ batchId: 'batch-1', entries: [entry(3)] }]);
    expect(received[0]?.entries[0]?.at).toBeInstanceOf(Date);
    expect(storage.map.has(KEY)).toBe(false);
  });

  it('a flush while a send is under way does not send that batch again', async () => {
    const storage = memoryStorage();
    const outbox = outboxOn(storage);
    const sent: string[] = [];
    let release: () => void = () => {};
    const send = async (batch: ListeningBatch) => {
      sent.push(batch.batchId);
      if (batch.batchId === 'batch-1') await new Promise<void>((resolve) => (release = resolve));
    };
    const first = outbox.flush([entry(0)], send);
    const second = outbox.flush([entry(1)], send);
    await second;
    expect(sent).toEqual(['batch-1']);
    release();
    await first;
    expect(sent).toEqual(['batch-1', 'batch-2']);
    expect(outbox.pending()).toEqual([]);
  });

  it(`keeps at most the newest ${OUTBOX_MAX} batches while offline`, async () => {
    const storage = memoryStorage();
    const outbox = outboxOn(storage);
    const offline = async () => {
      throw new Error('offline');
    };
    for (let i = 0; i < OUTBOX_MAX + 5; i++) await outbox.flush([entry(i)], offline);
    const stored = JSON.parse(storage.map.get(KEY) ?? '[]') as ListeningBatch[];
    expect(stored).toHaveLength(OUTBOX_MAX);
    expect(stored[0]?.batchId).toBe('batch-6');
  });

  it('storage that refuses (private mode) loses nothing but the memory across visits', async () => {
    const refusing = () => {
      throw new DOMException('denied', 'SecurityError');
    };
    const outbox = new ListeningOutbox(KEY, refusing, () => 'only');
    const received: string[] = [];
    await outbox.flush([entry(0)], async () => {
      throw new Error('offline');
    });
    await outbox.flush([], async (batch) => void received.push(batch.batchId));
    expect(received).toEqual(['only']);
  });
});
