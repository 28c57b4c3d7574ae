import {
  addAttendeesByEmail,
  countAttendeeConsents,
  createEvent,
  deleteEmptyEvent,
  findEventById,
  isSlugTaken,
  keepEventAsLocal,
  listAttendees,
  listEventsForAdmin,
  listPendingAttendances,
  removeAttendee,
  updateEvent,
} from '@party/db';
import { TRPCError } from '@trpc/server';
import {
  addAttendeesSchema,
  createEventSchema,
  eventIdSchema,
  parseEmailList,
  removeAttendeeSchema,
  updateEventSchema,
} from '../../schemas/events';
import { adminProcedure, router } from '../../trpc';

const slugTaken = () =>
  new TRPCError({ code: 'CONFLICT', message: 'Another event already uses this address.' });

export const adminEventsRouter = router({
  list: adminProcedure.query(async ({ ctx }) => {
    const rows = await listEventsForAdmin(ctx.db);
    return rows.map(({ event, ...counts }) => ({ ...event, ...counts }));
  }),

  byId: adminProcedure.input(eventIdSchema).query(async ({ ctx, input }) => {
    const event = await findEventById(ctx.db, input.id);
    if (!event) throw new TRPCError({ code: 'NOT_FOUND', message: 'There is no such event.' });
    return event;
  }),

  create: adminProcedure.input(createEventSchema).mutation(async ({ ctx, input }) => {
    if (await isSlugTaken(ctx.db, input.slug)) throw slugTaken();
    return createEvent(ctx.db, { ...input, createdBy: ctx.viewer.id });
  }),

  update: adminProcedure.input(updateEventSchema).mutation(async ({ ctx, input }) => {
    const { id, ...fields } = input;
    const current = await findEventById(ctx.db, id);
    if (!current) throw new TRPCError({ code: 'NOT_FOUND', message: 'There is no such event.' });
    const changedOwned = current.externalId ? changedTicketingFields(current, fields) : [];
    if (changedOwned.length > 0) {
      throw new TRPCError({
        code: 'BAD_REQUEST',
        message: `This event comes from the ticketing backend: change its ${changedOwned.join(', ')} there.`,
      });
    }
    if (fields.slug && (await isSlugTaken(ctx.db, fields.slug, id))) throw slugTaken();
    const event = await updateEvent(ctx.db, id, fields);
    if (!event) throw new TRPCError({ code: 'NOT_FOUND', message: 'There is no such event.' });
    return event;
  }),

  delete: adminProcedure.input(eventIdSchema).mutation(async ({ ctx, input }) => {
    const result = await deleteEmptyEvent(ctx.db, input.id);
    if (result === 'missing') throw new TRPCError({ code: 'NOT_FOUND', message: 'There is no such event.' });
    if (result === 'not-empty') {
      throw new TRPCError({
        code: 'PRECONDITION_FAILED',
        message: 'Delete the photos of this event first; an event with photos cannot be deleted.',
      });
    }
    return { id: input.id };
  }),

  /**
   * How many attendees asked not to be published (`never`) or to be asked first (`ask-first`):
   * the admin sees it before publishing the event's photos.
   */
  consentSummary: adminProcedure.input(eventIdSchema).query(async ({ ctx, input }) => {
    if (!(await findEventById(ctx.db, input.id))) {
      throw new TRPCError({ code: 'NOT_FOUND', message: 'There is no such event.' });
    }
    return countAttendeeConsents(ctx.db, input.id);
  }),

  /** An event the ticketing backend deleted while it had photos stays here as a local event. */
  keepAsLocal: adminProcedure.input(eventIdSchema).mutation(async ({ ctx, input }) => {
    const event = await keepEventAsLocal(ctx.db, input.id);
    if (!event) {
      throw new TRPCError({
        code: 'PRECONDITION_FAILED',
        message: 'Only an event the ticketing backend removed can be kept as a local event.',
      });
    }
    return event;
  }),

  attendees: router({
    list: adminProcedure.input(eventIdSchema).query(({ ctx, input }) => listAttendees(ctx.db, input.id)),

    /** People on the ticketing backend's list for this event who have no account here yet. */
    pending: adminProcedure.input(eventIdSchema).query(async ({ ctx, input }) => {
      const rows = await listPendingAttendances(ctx.db, input.id);
      return rows.map((row) => ({
        subject: row.subject,
        email: row.email,
        name: row.name,
        since: row.createdAt,
      }));
    }),

    /** Adds members by pasted e-mails; reports addresses that are malformed or belong to no account. */
    add: adminProcedure.input(addAttendeesSchema).mutation(async ({ ctx, input }) => {
      if (!(await findEventById(ctx.db, input.eventId))) {
        throw new TRPCError({ code: 'NOT_FOUND', message: 'There is no such event.' });
      }
      const { emails, invalid } = parseEmailList(input.emails);
      const { added, unknown } = await addAttendeesByEmail(ctx.db, input.eventId, emails);
      return { added, unknown, invalid };
    }),

    remove: adminProcedure.input(removeAttendeeSchema).mutation(async ({ ctx, input }) => {
      await removeAttendee(ctx.db, input.eventId, input.userId);
      return { ok: true };
    }),
  }),
});

/** Fields of a synced event that the ticketing backend owns, which this update would change. */
function changedTicketingFields(
  current: { title: string; slug: string; eventDate: string; venue: string | null },
  fields: { title?: string; slug?: string; eventDate?: string; venue?: string },
): string[] {
  const changed: string[] = [];
  if (fields.title !== undefined && fields.title !== current.title) changed.push('title');
  if (fields.slug !== undefined && fields.slug !== current.slug) changed.push('address');
  if (fields.eventDate !== undefined && fields.eventDate !== current.eventDate) changed.push('date');
  if (fields.venue !== undefined && (fields.venue || null) !== current.venue) changed.push('venue');
  return changed;
}
