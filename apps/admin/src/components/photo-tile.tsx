import { formatBytes, Photo, type RouterOutputs } from '@party/ui';
import { type ChangeEvent, memo } from 'react';
import { useT } from '../i18n';
import { DownloadLog } from './privacy/download-log';

export type AdminImage = RouterOutputs['admin']['images']['list'][number];

/**
 * One photo in the admin grid. The whole frame is the label of its checkbox, so a click (or
 * shift-click for a range) anywhere on the picture selects it, and Tab + Space do the same.
 */
export const PhotoTile = memo(function PhotoTile({
  image,
  selected,
  isCover,
  onToggle,
  onRetry,
  onRemove,
  onSetCover,
  onOpen,
  onImageError,
  move,
}: {
  image: AdminImage;
  selected: boolean;
  isCover: boolean;
  onToggle: (id: string, range: boolean) => void;
  onRetry: (id: string) => void;
  onRemove: (id: string) => void;
  onSetCover: (id: string) => void;
  /** Opens the photo large (processed photos only). */
  onOpen: (id: string) => void;
  onImageError: () => void;
  /** Set while the admin arranges the gallery: this photo's place and how to move it. */
  move?: {
    index: number;
    count: number;
    onMove: (id: string, step: -1 | 1) => void;
    onDragStart: (id: string) => void;
    onDrop: (id: string) => void;
  };
}) {
  const t = useT();
  const { status } = image;
  const deleting = status === 'deleting';
  // A failed photo is not part of the gallery: it is retried or removed on its own, never selected.
  const selectable = status !== 'deleting' && status !== 'failed';
  const onChange = (event: ChangeEvent<HTMLInputElement>) =>
    // React fires change from the click event, which carries the modifier keys of mouse and keyboard alike.
    onToggle(image.id, (event.nativeEvent as MouseEvent).shiftKey === true);

  return (
    <li
      className={`tile tile--${status}${selected ? ' is-selected' : ''}${move ? ' is-arranging' : ''}`}
      draggable={move ? true : undefined}
      onDragStart={
        move
          ? (event) => {
              event.dataTransfer.effectAllowed = 'move';
              move.onDragStart(image.id);
            }
          : undefined
      }
      onDragOver={move ? (event) => event.preventDefault() : undefined}
      onDrop={
        move
          ? (event) => {
              event.preventDefault();
              move.onDrop(image.id);
            }
          : undefined
      }
    >
      <label className="tile__frame">
        <input
          type="checkbox"
          className="checkbox tile__check"
          checked={selected}
          disabled={!selectable}
          onChange={onChange}
          aria-label={t('photos.tile.select', { name: image.originalName })}
        />
        {image.thumbUrl || image.thumbhash ? (
          <Photo
            src={image.thumbUrl}
            alt=""
            width={image.width}
            height={image.height}
            thumbhash={image.thumbhash}
            onError={onImageError}
          />
        ) : (
          <span className="tile__placeholder" aria-hidden="true">
            {status === 'failed' ? '!' : '◌'}
          </span>
        )}
      </label>

      <div className="tile__badges">
        {status === 'processing' && (
          <span className="badge badge--processing">{t('photos.tile.processing')}</span>
        )}
        {status === 'failed' && <span className="badge badge--failed">{t('photos.tile.failed')}</span>}
        {deleting && <span className="badge badge--deleting">{t('photos.tile.deleting')}</span>}
        {image.duplicateOf && (
          <span className="badge badge--duplicate" title={t('photos.tile.duplicateTitle')}>
            {t('photos.tile.duplicate')}
          </span>
        )}
        {status !== 'deleting' && (
          <span className={`badge badge--${image.visibility}`}>
            {t(`common.visibility.${image.visibility}`)}
          </span>
        )}
        {image.hidden && (
          <span className="badge badge--hidden" title={t('photos.tile.hiddenTitle')}>
            {t('photos.tile.hidden')}
          </span>
        )}
        {isCover && <span className="badge badge--cover">{t('photos.tile.cover')}</span>}
        {image.allowOriginalDownload && (
          <span className="badge" title={t('photos.tile.originalTitle')}>
            {t('photos.tile.original')}
          </span>
        )}
      </div>

      {status === 'processing' && (
        <progress className="progress tile__progress" value={image.progress} max={100}>
          {image.progress}%
        </progress>
      )}

      {move && (
        <div className="tile__move">
          <button
            type="button"
            className="button button--small"
            data-move={`${image.id}:-1`}
            disabled={move.index === 0}
            onClick={() => move.onMove(image.id, -1)}
            aria-label={t('photos.order.earlier', { name: image.originalName })}
          >
            ←
          </button>
          <span className="small muted">
            {t('photos.order.position', { position: move.index + 1, count: move.count })}
          </span>
          <button
            type="button"
            className="button button--small"
            data-move={`${image.id}:1`}
            disabled={move.index === move.count - 1}
            onClick={() => move.onMove(image.id, 1)}
            aria-label={t('photos.order.later', { name: image.originalName })}
          >
            →
          </button>
        </div>
      )}

      <div className="tile__info">
        <span className="tile__name" title={`${image.originalName} · ${formatBytes(image.bytes)}`}>
          {image.originalName}
        </span>
        {status === 'failed' && image.failureReason && <p className="tile__reason">{image.failureReason}</p>}
        {status === 'failed' && (
          <div className="tile__actions">
            {/* Retry only where it can help; a refused file would fail the same way every time. */}
            {image.retryable && (
              <button type="button" className="button button--small" onClick={() => onRetry(image.id)}>
                {t('photos.tile.retry')}
              </button>
            )}
            <button
              type="button"
              className="button button--small button--danger"
              onClick={() => onRemove(image.id)}
              aria-label={t('photos.tile.removeLabel', { name: image.originalName })}
            >
              {t('photos.tile.remove')}
            </button>
          </div>
        )}
        {status === 'ready' && (
          <button
            type="button"
            className="button button--small button--ghost"
            onClick={() => onOpen(image.id)}
            aria-label={t('photos.viewer.open', { name: image.originalName })}
          >
            ⤢
          </button>
        )}
        {status === 'ready' && !isCover && (
          <button
            type="button"
            className="button button--small button--ghost tile__cover-action"
            onClick={() => onSetCover(image.id)}
          >
            {t('photos.tile.setCover')}
          </button>
        )}
        {status === 'ready' && <DownloadLog of={{ imageId: image.id }} />}
      </div>
    </li>
  );
});
