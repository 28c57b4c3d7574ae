import { bigint, boolean, index, integer, jsonb, pgTable, timestamp, uuid } from 'drizzle-orm/pg-core';

/** What one run of the storage sweep found (the `sweep-orphans` job), newest shown on the System page. */
export interface StoredSweepReport {
  /** Objects with no row; `removed` when past the grace period and not a dry run. At most `SWEEP_SAMPLE`. */
  orphans: Array<{ key: string; size: number; removed: boolean }>;
  /** Rows whose object is gone. At most `SWEEP_SAMPLE`. */
  missing: Array<{ kind: 'image' | 'track' | 'set'; id: string; key: string }>;
}

export const storageSweeps = pgTable(
  'storage_sweeps',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    finishedAt: timestamp('finished_at', { withTimezone: true }).notNull().defaultNow(),
    dryRun: boolean('dry_run').notNull().default(false),
    /** Totals; the report below keeps a sample only, so a bucket full of orphans stays one small row. */
    orphanCount: integer('orphan_count').notNull(),
    orphanBytes: bigint('orphan_bytes', { mode: 'number' }).notNull().default(0),
    orphansRemoved: integer('orphans_removed').notNull(),
    missingCount: integer('missing_count').notNull(),
    report: jsonb('report').$type<StoredSweepReport>().notNull(),
  },
  (t) => [index('storage_sweeps_finished_idx').on(t.finishedAt)],
);
