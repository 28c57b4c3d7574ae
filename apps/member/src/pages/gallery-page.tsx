import { Alert, EmptyState, errorCode, errorText, formatEventDate, Link, Spinner, trpc } from '@party/ui';
import { EventPhotos } from '../components/event-photos';
import { GalleryExtras } from '../components/gallery-extras';
import { useT } from '../i18n';

export function GalleryPage({ slug }: { slug: string }) {
  const t = useT();
  const event = trpc.events.bySlug.useQuery({ slug });
  const count = trpc.events.list.useQuery(undefined, {
    select: (events) => events.find((e) => e.slug === slug)?.imageCount,
  });

  if (event.isPending) return <Spinner />;
  if (event.error) {
    // A hidden event answers NOT_FOUND just like a missing one: say the same for both.
    return errorCode(event.error) === 'NOT_FOUND' || errorCode(event.error) === 'BAD_REQUEST' ? (
      <EmptyState title={t('gallery.unavailableTitle')}>
        {t('gallery.unavailableBody')} <Link to="/">{t('gallery.seeAllEvents')}</Link>
      </EmptyState>
    ) : (
      <Alert>{errorText(event.error)}</Alert>
    );
  }

  const data = event.data;
  return (
    <>
      <div className="page-head">
        <div>
          <Link to="/" className="back-link">
            {t('gallery.allEvents')}
          </Link>
          <h1>{data.title}</h1>
          <p className="muted">
            {formatEventDate(data.eventDate, 'full')}
            {data.venue ? ` · ${data.venue}` : ''}
            {count.data !== undefined ? ` · ${t('count.photos', { count: count.data })}` : ''}
          </p>
        </div>
      </div>
      {data.description && <p className="event-description">{data.description}</p>}
      <GalleryExtras eventId={data.id} photoCount={count.data} />
      <EventPhotos eventId={data.id} slug={data.slug} />
    </>
  );
}
