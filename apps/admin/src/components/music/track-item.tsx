import { Alert, errorText, trpc } from '@party/ui';
import { useId, useState } from 'react';
import { useT } from '../../i18n';
import { describeStage } from '../../lib/music-format';
import { DownloadLog } from '../privacy/download-log';
import { ConfirmedDelete } from '../shared/confirm';
import { TrackFacts } from './track-facts';
import { TrackNamesForm } from './track-names-form';
import { TracklistEditor } from './tracklist-editor';
import type { AdminTrack } from './types';

/** One track of a set: order, status and progress, facts, names, tracklist, retry and delete. */
export function TrackItem({
  setId,
  setArtist,
  track,
  index,
  count,
  tracklistOpen,
  onMove,
}: {
  setId: string;
  setArtist: string;
  track: AdminTrack;
  index: number;
  count: number;
  tracklistOpen: boolean;
  onMove: (trackId: string, direction: -1 | 1) => void;
}) {
  const t = useT();
  const id = useId();
  const utils = trpc.useUtils();
  // Decided once: a second track arriving must not fold the editor the admin is typing in.
  const [tracklistInitiallyOpen] = useState(tracklistOpen);
  const invalidate = () =>
    Promise.all([
      utils.admin.musicSets.byId.invalidate({ id: setId }),
      utils.admin.musicSets.list.invalidate(),
    ]);
  const retry = trpc.admin.tracks.retry.useMutation({ onSuccess: invalidate });
  const remove = trpc.admin.tracks.delete.useMutation({ onSuccess: invalidate });

  const { status } = track;
  const name = track.title || track.originalName;
  const deleting = status === 'deleting';

  return (
    <li className={`track track--${status}`} aria-labelledby={`${id}-name`} data-track-id={track.id}>
      <div className="track__head">
        <span className="track__position" aria-hidden="true">
          {index + 1}
        </span>
        <div className="track__names">
          <h3 id={`${id}-name`} className="track__title">
            <span className="visually-hidden">Track {index + 1}: </span>
            {name}
          </h3>
          <p className="muted small track__artist">{track.artist || setArtist}</p>
        </div>
        <span className={`badge badge--${status}`}>{t(`tracks.status.${status}`)}</span>
        <div className="track__order">
          <button
            type="button"
            className="button button--small button--icon"
            data-move="up"
            disabled={index === 0 || deleting}
            onClick={() => onMove(track.id, -1)}
            aria-label={t('tracks.moveUp', { name })}
            title={t('tracks.moveUpTitle')}
          >
            ↑
          </button>
          <button
            type="button"
            className="button button--small button--icon"
            data-move="down"
            disabled={index === count - 1 || deleting}
            onClick={() => onMove(track.id, 1)}
            aria-label={t('tracks.moveDown', { name })}
            title={t('tracks.moveDownTitle')}
          >
            ↓
          </button>
        </div>
      </div>

      {status === 'processing' && (
        <div className="track__progress">
          <progress className="progress" value={track.progress} max={100} aria-labelledby={`${id}-stage`}>
            {track.progress}%
          </progress>
          <span id={`${id}-stage`} className="small" aria-live="polite">
            {describeStage(track.stage)} · <span className="tabular">{track.progress}%</span>
          </span>
        </div>
      )}
      {status === 'failed' && (
        <div className="track__failure">
          <p>
            <strong>{t('tracks.processingFailed')}</strong> {track.failureReason ?? t('tracks.noReason')}
          </p>
          {/* A refused file fails the same way every time: only Delete (below) can help then. */}
          {track.failureRetryable ? (
            <button
              type="button"
              className="button button--small"
              disabled={retry.isPending}
              onClick={() => retry.mutate({ id: track.id })}
            >
              {retry.isPending ? t('tracks.retrying') : t('tracks.retry')}
            </button>
          ) : (
            <p className="muted small">{t('tracks.refused')}</p>
          )}
          {retry.error && <Alert>{errorText(retry.error)}</Alert>}
        </div>
      )}

      <TrackFacts track={track} />

      {!deleting && (
        <>
          <TrackNamesForm setId={setId} track={track} setArtist={setArtist} />
          <details className="track__tracklist" open={tracklistInitiallyOpen}>
            <summary>
              {t('tracks.tracklist')}{' '}
              <span className="muted small">
                {track.cues.length === 0
                  ? t('tracks.noCues')
                  : t('tracks.cueCount', { cues: t('tracks.cues', { count: track.cues.length }) })}
              </span>
            </summary>
            <TracklistEditor setId={setId} track={track} />
          </details>
          {status === 'ready' && <DownloadLog of={{ trackId: track.id }} />}
          <div className="track__delete">
            <ConfirmedDelete
              small
              startLabel={t('tracks.deleteStart')}
              question={t('tracks.deleteQuestion', { name })}
              pending={remove.isPending}
              error={remove.error}
              onConfirm={() => remove.mutateAsync({ id: track.id })}
            />
          </div>
        </>
      )}
    </li>
  );
}
