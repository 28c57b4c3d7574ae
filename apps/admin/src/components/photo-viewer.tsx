import '../styles/photo-viewer.css';
import { formatBytes } from '@party/ui';
import { type KeyboardEvent, useEffect, useRef } from 'react';
import { useT } from '../i18n';
import type { AdminImage } from './photo-tile';

/**
 * One photo large, for admins: the preview, its name and size, Set as cover in plain view, and the
 * neighbours by arrow keys or buttons. A modal `<dialog>`: Escape closes it and focus stays inside.
 */
export function PhotoViewer({
  images,
  index,
  coverImageId,
  onIndex,
  onClose,
  onSetCover,
}: {
  /** The photos that can be shown large (processed ones), in grid order. */
  images: AdminImage[];
  index: number;
  coverImageId: string | null;
  onIndex: (index: number) => void;
  onClose: () => void;
  onSetCover: (id: string) => void;
}) {
  const t = useT();
  const dialog = useRef<HTMLDialogElement>(null);
  const image = images[index];
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);
  if (!image) return null;
  const isCover = image.id === coverImageId;
  const go = (delta: number) => onIndex((index + delta + images.length) % images.length);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowRight') go(1);
    if (event.key === 'ArrowLeft') go(-1);
  };

  return (
    <dialog
      ref={dialog}
      className="photo-viewer"
      aria-label={t('photos.viewer.label', { name: image.originalName })}
      onClose={onClose}
      onKeyDown={onKeyDown}
    >
      <div className="photo-viewer__bar">
        <span className="photo-viewer__name" title={image.originalName}>
          {image.originalName}
          <span className="muted small">
            {' '}
            · {index + 1}/{images.length} · {formatBytes(image.bytes)}
            {image.width && image.height ? ` · ${image.width}×${image.height}` : ''}
          </span>
        </span>
        {isCover ? (
          <span className="badge badge--cover">{t('photos.tile.cover')}</span>
        ) : (
          <button type="button" className="button button--small" onClick={() => onSetCover(image.id)}>
            {t('photos.tile.setCover')}
          </button>
        )}
        <button
          type="button"
          className="button button--small button--ghost"
          onClick={() => dialog.current?.close()}
        >
          {t('photos.viewer.close')}
        </button>
      </div>
      <div className="photo-viewer__stage">
        {image.previewUrl ? (
          <img src={image.previewUrl} alt={image.originalName} />
        ) : (
          <p className="muted">{t('photos.viewer.noPreview')}</p>
        )}
      </div>
      {images.length > 1 && (
        <div className="photo-viewer__nav">
          <button type="button" className="button button--small" onClick={() => go(-1)}>
            {t('photos.viewer.previous')}
          </button>
          <button type="button" className="button button--small" onClick={() => go(1)}>
            {t('photos.viewer.next')}
          </button>
        </div>
      )}
    </dialog>
  );
}
