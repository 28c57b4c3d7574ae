import { formatEventDate, formatLocale, Link, Photo, type RouterOutputs } from '@party/ui';
import { useT } from '../i18n';

type VisibleEvent = RouterOutputs['events']['list'][number];

/** A calendar-leaf badge: day and month read at a glance in a list of party nights. */
function DateLeaf({ isoDay }: { isoDay: string }) {
  const date = new Date(`${isoDay}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return null;
  return (
    <span className="date-leaf" aria-hidden="true">
      <span className="date-leaf__day">{date.getUTCDate()}</span>
      <span className="date-leaf__month">
        {new Intl.DateTimeFormat(formatLocale(), { month: 'short', timeZone: 'UTC' }).format(date)}
      </span>
    </span>
  );
}

export function EventCard({ event }: { event: VisibleEvent }) {
  const t = useT();
  return (
    <li className="event-card">
      <Link to={`/events/${encodeURIComponent(event.slug)}`} className="event-card__link">
        {event.cover && (
          <Photo
            className="event-card__cover"
            src={event.cover.url}
            alt=""
            width={event.cover.width}
            height={event.cover.height}
            thumbhash={event.cover.thumbhash}
          />
        )}
        <span className="event-card__info">
          <DateLeaf isoDay={event.eventDate} />
          <span className="event-card__body">
            <span className="event-card__title">{event.title}</span>
            <span className="muted small">
              {formatEventDate(event.eventDate)}
              {event.venue ? ` · ${event.venue}` : ''}
            </span>
            <span className="event-card__count">{t('count.photos', { count: event.imageCount })}</span>
          </span>
        </span>
      </Link>
    </li>
  );
}
