import { formatEventDate, formatLocale, Link, Photo, type RouterOutputs, trpc } from '@party/ui';
import { useState } from 'react';
import { TakedownDecision } from '../components/privacy/takedown-decision';
import { PageHead } from '../components/shared/page';
import { type Column, QueryTable } from '../components/shared/query-table';
import { useT } from '../i18n';

type Takedown = RouterOutputs['admin']['takedowns']['list'][number];

/** The queue of "This is me — hide it" requests: who asked, why, the photo, and the decision. */
export function TakedownsPage() {
  const t = useT();
  const [show, setShow] = useState<'open' | 'all'>('open');
  const requests = trpc.admin.takedowns.list.useQuery({ show });
  const dateTime = new Intl.DateTimeFormat(formatLocale(), { dateStyle: 'medium', timeStyle: 'short' });

  const columns: Column<Takedown>[] = [
    {
      label: t('takedowns.colPhoto'),
      className: 'takedown-photo',
      cell: (request) =>
        request.image?.thumbUrl ? (
          <Photo
            src={request.image.thumbUrl}
            alt={t('takedowns.photoAlt', { name: request.image.originalName })}
            width={request.image.width}
            height={request.image.height}
            thumbhash={request.image.thumbhash}
          />
        ) : (
          <span className="muted">
            {request.image ? request.image.originalName : t('takedowns.photoGone')}
          </span>
        ),
    },
    {
      label: t('takedowns.colEvent'),
      cell: (request) =>
        request.event ? (
          <Link to={`/events/${request.event.id}`}>
            {request.event.title} ({formatEventDate(request.event.eventDate)})
          </Link>
        ) : (
          '—'
        ),
    },
    {
      label: t('takedowns.colRequester'),
      cell: (request) =>
        request.requester ? (
          <>
            {request.requester.name} <span className="muted small">{request.requester.email}</span>
          </>
        ) : (
          <span className="muted">{t('takedowns.requesterGone')}</span>
        ),
    },
    {
      label: t('takedowns.colReason'),
      cell: (request) => request.reason ?? <span className="muted">{t('takedowns.noReason')}</span>,
    },
    { label: t('takedowns.colAsked'), cell: (request) => dateTime.format(request.createdAt) },
    {
      label: t('takedowns.colState'),
      cell: (request) => (
        <>
          <span className={`badge badge--takedown-${request.state}`}>
            {t(`takedowns.state.${request.state}`)}
          </span>
          {request.decidedAt && (
            <p className="muted small">
              {t('takedowns.decidedBy', {
                name: request.decidedByName ?? '—',
                when: dateTime.format(request.decidedAt),
              })}
            </p>
          )}
          {request.adminNote && <p className="small">{request.adminNote}</p>}
        </>
      ),
    },
    { className: 'actions', cell: (request) => <TakedownDecision request={request} /> },
  ];

  return (
    <>
      <PageHead
        title={t('takedowns.title')}
        intro={t('takedowns.intro')}
        actions={
          <fieldset className="segmented" aria-label={t('takedowns.showLabel')}>
            {(['open', 'all'] as const).map((value) => (
              <button
                key={value}
                type="button"
                className={`button button--small${show === value ? ' button--primary' : ' button--ghost'}`}
                aria-pressed={show === value}
                onClick={() => setShow(value)}
              >
                {t(`takedowns.show.${value}`)}
              </button>
            ))}
          </fieldset>
        }
      />
      <section className="card">
        <QueryTable
          query={requests}
          columns={columns}
          rowKey={(request) => request.id}
          loadingLabel={t('takedowns.loading')}
          empty={{
            title: show === 'open' ? t('takedowns.emptyOpenTitle') : t('takedowns.emptyAllTitle'),
            text: t('takedowns.emptyText'),
          }}
        />
      </section>
    </>
  );
}
