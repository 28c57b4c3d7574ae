import {
  type ApplyOutcome,
  applyAttendanceRemoval,
  applyAttendanceUpsert,
  applyEventDeletion,
  applyEventUpsert,
  applyMemberState,
  type Database,
} from '@party/db';
import { type TicketingMessage, toUpstreamAttendance, toUpstreamEvent } from './messages';

/** Applies one verified, parsed webhook message; says what it changed. */
export async function applyTicketingMessage(db: Database, message: TicketingMessage): Promise<ApplyOutcome> {
  switch (message.type) {
    case 'event.upserted':
      return applyEventUpsert(db, toUpstreamEvent(message.data));
    case 'event.deleted':
      return applyEventDeletion(db, { externalId: message.data.id, updatedAt: message.data.updatedAt });
    case 'attendance.upserted':
      return applyAttendanceUpsert(db, toUpstreamAttendance(message.data));
    case 'attendance.removed':
      return applyAttendanceRemoval(db, {
        eventExternalId: message.data.eventId,
        person: message.data.person,
        updatedAt: message.data.updatedAt,
      });
    case 'member.disabled':
    case 'member.enabled':
      return applyMemberState(db, {
        person: message.data.person,
        disabled: message.type === 'member.disabled',
        updatedAt: message.data.updatedAt,
      });
  }
}
