import { sql } from 'drizzle-orm';
import type { Transaction } from '../../client';
import { ticketingVersions } from '../../schema';

/** Version keys of the ticketing backend's records (one spelling, used by every message kind). */
export const versionKey = {
  event: (externalId: string) => `event:${externalId}`,
  attendance: (eventExternalId: string, subject: string) => `attendance:${eventExternalId}:${subject}`,
  member: (subject: string) => `member:${subject}`,
  /** The person's own facts carried by attendance messages (display name, photo consent). */
  person: (subject: string) => `person:${subject}`,
};

/**
 * Records `updatedAt` as the newest version of `key` if it is newer than the one stored; returns
 * whether it was. The row stays locked until the transaction ends, so two deliveries of one record
 * are applied one after the other and an older one never overwrites a newer one. Equal versions
 * count as already applied (the same message twice).
 */
export async function advanceVersion(
  tx: Transaction,
  params: { key: string; updatedAt: Date; deleted: boolean },
): Promise<boolean> {
  const rows = await tx
    .insert(ticketingVersions)
    .values(params)
    .onConflictDoUpdate({
      target: ticketingVersions.key,
      set: { updatedAt: params.updatedAt, deleted: params.deleted },
      setWhere: sql`${ticketingVersions.updatedAt} < excluded.updated_at`,
    })
    .returning({ key: ticketingVersions.key });
  return rows.length > 0;
}
