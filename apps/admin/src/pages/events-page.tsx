import { formatEventDate, Link, navigate, type RouterOutputs, trpc } from '@party/ui';
import { EMPTY_EVENT, EventForm, type EventFormValues } from '../components/event-form';
import { Card, PageHead } from '../components/shared/page';
import { type Column, QueryTable } from '../components/shared/query-table';
import { SourceBadge } from '../components/shared/source-badge';
import { useT } from '../i18n';

type EventRow = RouterOutputs['admin']['events']['list'][number];

export function EventsPage() {
  const t = useT();
  const columns: Column<EventRow>[] = [
    {
      label: t('events.colEvent'),
      cell: (event) => (
        <>
          <Link to={`/events/${event.id}`} className="strong-link">
            {event.title}
          </Link>
          {event.externalId && (
            <>
              {' '}
              <SourceBadge source="ticketing" />
            </>
          )}
          {event.removedUpstreamAt && (
            <>
              {' '}
              <span className="badge badge--removed-upstream">{t('integration.removedUpstream')}</span>
            </>
          )}
          <div className="muted small mono">/{event.slug}</div>
        </>
      ),
    },
    { label: t('events.colDate'), cell: (event) => formatEventDate(event.eventDate) },
    { label: t('events.colVenue'), cell: (event) => event.venue || <span className="muted">—</span> },
    {
      label: t('events.colPhotos'),
      cell: (event) =>
        event.imageCount === 0 ? (
          <span className="muted">{t('common.none')}</span>
        ) : (
          <>
            {event.imageCount}
            <span className="muted small">
              {' '}
              · {t('events.readyDraft', { ready: event.readyCount, draft: event.draftCount })}
            </span>
            {event.failedCount > 0 && (
              <>
                {' '}
                <span className="badge badge--failed">
                  {t('common.failed', { count: event.failedCount })}
                </span>
              </>
            )}
          </>
        ),
    },
  ];
  const utils = trpc.useUtils();
  const events = trpc.admin.events.list.useQuery();
  const create = trpc.admin.events.create.useMutation({
    onSuccess: async (event) => {
      await utils.admin.events.list.invalidate();
      // Straight to the new event: the next thing an admin does is upload its photos.
      navigate(`/events/${event.id}`);
    },
  });

  const onCreate = (values: EventFormValues) =>
    create.mutate({
      title: values.title,
      eventDate: values.eventDate,
      slug: values.slug,
      venue: values.venue.trim() || undefined,
      description: values.description.trim() || undefined,
    });

  return (
    <>
      <PageHead title={t('events.title')} intro={t('events.intro')} />

      <Card headingId="new-event" title={t('events.new')}>
        <EventForm
          initial={EMPTY_EVENT}
          mode="create"
          pending={create.isPending}
          error={create.error}
          onSubmit={onCreate}
        />
      </Card>

      <Card headingId="all-events" title={t('events.all')}>
        <QueryTable
          query={events}
          columns={columns}
          rowKey={(event) => event.id}
          empty={{ title: t('events.emptyTitle'), text: t('events.emptyText') }}
        />
      </Card>
    </>
  );
}
