import {
  type ApplyOutcome,
  applyAttendanceRemoval,
  applyAttendanceUpsert,
  applyEventDeletion,
  applyEventUpsert,
  type Database,
  emptySyncReport,
  listSyncedAttendanceSubjects,
  listSyncedEvents,
  type SyncReport,
} from '@party/db';
import { toUpstreamEvent } from './messages';
import type { TicketingApi } from './pull-client';

/**
 * Compares this service with the ticketing backend's full listing and repairs what webhooks missed:
 * events and attendees created or updated upstream are applied (only when newer than what is here,
 * like any webhook), events and attendees gone upstream are removed (an event with photos is marked
 * instead). Removals carry the run's start time as their version, so a webhook that arrived during
 * the run with a newer record wins.
 */
export async function reconcileTicketing(deps: {
  db: Database;
  api: TicketingApi;
  onProgress?: (done: number, total: number) => Promise<void>;
}): Promise<SyncReport> {
  const { db, api } = deps;
  const startedAt = new Date();
  const report = emptySyncReport();
  const upstream = await api.listEvents();
  const upstreamIds = new Set(upstream.map((event) => event.id));

  for (const event of upstream) {
    tallyEvent(report, await applyEventUpsert(db, toUpstreamEvent(event)));
  }
  for (const local of await listSyncedEvents(db)) {
    if (upstreamIds.has(local.externalId) || local.removedUpstreamAt) continue;
    tallyEvent(report, await applyEventDeletion(db, { externalId: local.externalId, updatedAt: startedAt }));
  }

  let done = 0;
  await deps.onProgress?.(done, upstream.length);
  for (const event of upstream) {
    const attendees = await api.listAttendees(event.id);
    const listed = new Set<string>();
    for (const attendee of attendees) {
      listed.add(attendee.person.subject);
      const outcome = await applyAttendanceUpsert(db, {
        eventExternalId: event.id,
        person: attendee.person,
        updatedAt: attendee.updatedAt,
      });
      tallyAttendee(report, outcome);
    }
    for (const subject of await listSyncedAttendanceSubjects(db, event.id)) {
      if (listed.has(subject)) continue;
      const outcome = await applyAttendanceRemoval(db, {
        eventExternalId: event.id,
        person: { subject },
        updatedAt: startedAt,
      });
      tallyAttendee(report, outcome);
    }
    done++;
    await deps.onProgress?.(done, upstream.length);
  }
  return report;
}

function tallyEvent(report: SyncReport, outcome: ApplyOutcome) {
  const counts = report.events;
  if (outcome === 'created' || outcome === 'updated' || outcome === 'removed' || outcome === 'marked') {
    counts[outcome]++;
  } else counts.unchanged++;
}

function tallyAttendee(report: SyncReport, outcome: ApplyOutcome) {
  const counts = report.attendees;
  if (outcome === 'created' || outcome === 'updated' || outcome === 'removed' || outcome === 'pending') {
    counts[outcome]++;
  } else counts.unchanged++;
}
