import type { ReportEntry } from './listening-tally';

/** Batches that could not be sent, kept for a later visit (the server takes them up to 7 days late). */
export const OUTBOX_MAX = 50;

export interface ListeningBatch {
  batchId: string;
  entries: ReportEntry[];
}

/** The part of `localStorage` the outbox uses. */
export type OutboxStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/**
 * The member's listening batches on their way to `listening.report`. A batch gets its id once and
 * keeps it until the server took it, so a retry (after a failed send, or a lost answer) is counted
 * once: the server ignores an id it has seen. Batches not yet taken wait in storage for the next
 * flush or the next visit (at most {@link OUTBOX_MAX}, the newest). One send at a time: a flush
 * while one runs only queues, and the running one takes the new batch along.
 */
export class ListeningOutbox {
  private batches: ListeningBatch[];
  private sending = false;

  /** `storage` is read lazily: a browser that refuses it (private mode, policies) throws there. */
  constructor(
    private readonly key: string,
    private readonly storage: () => OutboxStorage = () => window.localStorage,
    private readonly newId: () => string = () => crypto.randomUUID(),
  ) {
    this.batches = this.read();
  }

  /** What waits to be sent, oldest first. */
  pending(): readonly ListeningBatch[] {
    return this.batches;
  }

  /** Queues `entries` (when there are any) as a new batch, then sends everything queued in order. */
  async flush(entries: ReportEntry[], send: (batch: ListeningBatch) => Promise<unknown>): Promise<void> {
    if (entries.length > 0) this.batches.push({ batchId: this.newId(), entries });
    this.write();
    if (this.sending) return;
    this.sending = true;
    try {
      for (let batch = this.batches[0]; batch; batch = this.batches[0]) {
        await send(batch);
        this.batches = this.batches.filter((b) => b !== batch);
        this.write();
      }
    } catch {
      // Offline or the server away: the batch stays, with its id, for the next flush.
    } finally {
      this.sending = false;
    }
  }

  private read(): ListeningBatch[] {
    try {
      const raw = this.storage().getItem(this.key);
      const parsed: unknown = raw ? JSON.parse(raw) : [];
      if (!Array.isArray(parsed)) return [];
      return parsed.map((b: ListeningBatch) => ({
        ...b,
        entries: b.entries.map((e) => ({ ...e, at: new Date(e.at) })),
      }));
    } catch {
      return [];
    }
  }

  private write() {
    try {
      if (this.batches.length === 0) this.storage().removeItem(this.key);
      else {
        this.batches = this.batches.slice(-OUTBOX_MAX);
        this.storage().setItem(this.key, JSON.stringify(this.batches));
      }
    } catch {
      // Storage full or off: the batches of this visit are lost, nothing else.
    }
  }
}
