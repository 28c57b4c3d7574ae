import { Alert, errorText, formatLocale, type RouterOutputs, trpc } from '@party/ui';
import { useEffect, useState } from 'react';
import { useT } from '../../i18n';
import { formatDuration } from '../../lib/music-format';
import { Card } from '../shared/page';
import { type Column, QueryTable } from '../shared/query-table';

type Report = RouterOutputs['admin']['comments']['reports'][number];

/**
 * Timed comments of one set: on or off (off hides them from members and stops new ones), and the
 * comments members reported, each kept (the report goes) or deleted.
 */
export function SetCommentsPanel({ setId, enabled }: { setId: string; enabled: boolean }) {
  const t = useT();
  const utils = trpc.useUtils();
  const dateTime = new Intl.DateTimeFormat(formatLocale(), { dateStyle: 'medium', timeStyle: 'short' });
  const reports = trpc.admin.comments.reports.useQuery({ setId });
  const refresh = () => utils.admin.comments.reports.invalidate({ setId });
  // The box shows the admin's choice at once; the set's refetch confirms it, a failure puts it back.
  const [checked, setChecked] = useState(enabled);
  useEffect(() => setChecked(enabled), [enabled]);
  const toggle = trpc.admin.comments.setEnabled.useMutation({
    onSuccess: () => utils.admin.musicSets.byId.invalidate({ id: setId }),
    onError: () => setChecked(enabled),
  });
  const dismiss = trpc.admin.comments.dismissReport.useMutation({ onSuccess: refresh });
  const remove = trpc.comments.delete.useMutation({ onSuccess: refresh });
  const busy = dismiss.isPending || remove.isPending;

  const columns: Column<Report>[] = [
    {
      label: t('setComments.colComment'),
      cell: (r) => (
        <>
          <span className="tabular muted">{formatDuration(r.comment.atSeconds)}</span>{' '}
          <strong>{r.authorName}</strong>
          <span className="muted small"> · {r.track.title ?? ''}</span>
          <p className="reported-comment">{r.comment.body}</p>
        </>
      ),
    },
    { label: t('setComments.colReason'), cell: (r) => r.reason ?? <span className="muted">–</span> },
    { label: t('setComments.colReported'), cell: (r) => dateTime.format(r.reportedAt) },
    {
      className: 'actions',
      cell: (r) => (
        <>
          <button
            type="button"
            className="button button--small"
            disabled={busy}
            onClick={() => dismiss.mutate({ id: r.id })}
          >
            {t('setComments.keep')}
          </button>{' '}
          <button
            type="button"
            className="button button--small button--danger"
            disabled={busy}
            onClick={() => remove.mutate({ id: r.comment.id })}
          >
            {t('setComments.delete')}
          </button>
        </>
      ),
    },
  ];

  return (
    <Card headingId="set-comments" title={t('setComments.title')}>
      <label className="check-label">
        <input
          type="checkbox"
          className="checkbox"
          checked={checked}
          disabled={toggle.isPending}
          onChange={(event) => {
            setChecked(event.target.checked);
            toggle.mutate({ setId, enabled: event.target.checked });
          }}
        />
        {t('setComments.enabled')}
      </label>
      <p className="muted small">{checked ? t('setComments.onHint') : t('setComments.offHint')}</p>
      {toggle.error && <Alert>{errorText(toggle.error)}</Alert>}
      {(dismiss.error ?? remove.error) && <Alert>{errorText(dismiss.error ?? remove.error)}</Alert>}
      <h3>{t('setComments.reportsTitle')}</h3>
      <QueryTable
        query={reports}
        columns={columns}
        rowKey={(r) => r.id}
        loadingLabel={t('setComments.loading')}
        empty={{ title: t('setComments.emptyTitle'), text: t('setComments.emptyText') }}
      />
    </Card>
  );
}
