import { loadOverview } from '@party/db';
import { adminProcedure, router } from '../../trpc';

export const adminOverviewRouter = router({
  /**
   * What the admin Overview shows: the first steps (each done or not), what needs attention (drafts
   * ready to publish, failed photos and tracks, uploads in progress, open invites) and recent activity.
   */
  summary: adminProcedure.query(async ({ ctx }) => {
    const { counts, first, attention, activity } = await loadOverview(ctx.db);
    return {
      steps: {
        event: counts.events > 0,
        upload: counts.media > 0,
        publish: counts.published > 0,
        invite: counts.invites > 0,
      },
      firstEventId: first.eventId,
      counts,
      attention,
      activity,
    };
  }),
});
