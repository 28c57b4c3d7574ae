import { Alert, errorText, type RouterOutputs, trpc } from '@party/ui';
import { useT } from '../i18n';
import { EventForm, type EventFormValues } from './event-form';
import { Card } from './shared/page';
import { SourceBadge } from './shared/source-badge';

type AdminEvent = RouterOutputs['admin']['events']['byId'];

export function EventDetailsPanel({ event }: { event: AdminEvent }) {
  const t = useT();
  const utils = trpc.useUtils();
  const update = trpc.admin.events.update.useMutation({
    onSuccess: (saved) => {
      utils.admin.events.byId.setData({ id: saved.id }, saved);
      void utils.admin.events.list.invalidate();
    },
  });

  const onSubmit = (values: EventFormValues) =>
    update.mutate({
      id: event.id,
      title: values.title,
      eventDate: values.eventDate,
      slug: values.slug,
      // An empty string clears the field; leaving it out would keep the old text.
      venue: values.venue.trim(),
      description: values.description.trim(),
    });

  const keep = trpc.admin.events.keepAsLocal.useMutation({
    onSuccess: (saved) => {
      utils.admin.events.byId.setData({ id: saved.id }, saved);
      void utils.admin.events.list.invalidate();
      void utils.admin.events.attendees.list.invalidate({ id: saved.id });
    },
  });
  const synced = event.externalId !== null;

  return (
    <Card headingId="event-details" title={t('event.details')}>
      {event.removedUpstreamAt && (
        <Alert tone="info">
          {t('integration.removedUpstreamNote')}{' '}
          <button
            type="button"
            className="button button--small"
            disabled={keep.isPending}
            onClick={() => keep.mutate({ id: event.id })}
          >
            {t('integration.keepAsLocal')}
          </button>
        </Alert>
      )}
      {keep.error && <Alert>{errorText(keep.error)}</Alert>}
      {synced && (
        <p className="muted">
          <SourceBadge source="ticketing" /> {t('integration.syncedEventNote')}
        </p>
      )}
      {update.isSuccess && !update.isPending && <Alert tone="success">{t('common.saved')}</Alert>}
      <EventForm
        // Remount after a save so the form shows what the server stored.
        key={event.updatedAt.getTime()}
        initial={{
          title: event.title,
          eventDate: event.eventDate,
          slug: event.slug,
          venue: event.venue ?? '',
          description: event.description ?? '',
        }}
        mode="edit"
        ownedElsewhere={synced}
        pending={update.isPending}
        error={update.error}
        onSubmit={onSubmit}
      />
    </Card>
  );
}
