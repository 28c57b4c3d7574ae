import { Photo, type RouterOutputs } from '@party/ui';
import { type CSSProperties, useEffect, useRef } from 'react';
import { useFocusTrap } from '../hooks/use-focus-trap';
import { useSwipe } from '../hooks/use-swipe';
import { useT } from '../i18n';
import { useShareAccess } from '../share/share-access';
import { DownloadButtons } from './download-buttons';
import { FavouriteButton } from './favourite-button';
import { HidePhoto } from './hide-photo';

type GalleryImage = RouterOutputs['images']['list'][number];

/**
 * Full-screen viewer of one photo's preview: ←/→, Home/End and Esc on the keyboard, swipes on
 * touch screens, Tab kept inside while open. The gallery puts focus back on the photo's tile.
 */
export function Lightbox({
  images,
  index,
  onNavigate,
  onClose,
  onImageError,
  onHidden,
  downloads = true,
}: {
  images: GalleryImage[];
  index: number;
  onNavigate: (index: number) => void;
  onClose: () => void;
  onImageError: () => void;
  /**
   * The viewer asked to hide the shown photo ("This is me — hide it"); it is gone for members now.
   * Without it (a guest of a share link) the photo offers no hiding.
   */
  onHidden?: () => void;
  /** Whether the download buttons show (a share link without the download permission: no). */
  downloads?: boolean;
}) {
  const t = useT();
  const guest = useShareAccess() !== null;
  const ref = useRef<HTMLDivElement>(null);
  const image = images[index];
  const last = images.length - 1;
  useFocusTrap(ref, () => false);

  const go = (to: number) => {
    const next = Math.max(0, Math.min(last, to));
    if (next !== index) onNavigate(next);
  };
  const { offset, handlers } = useSwipe((direction) => go(direction === 'left' ? index + 1 : index - 1));

  // The page behind must not scroll while the viewer covers it.
  useEffect(() => {
    const previous = document.body.style.overflow;
    document.body.style.overflow = 'hidden';
    return () => {
      document.body.style.overflow = previous;
    };
  }, []);

  // Fetch the neighbours' previews now, so stepping through shows them without a wait.
  useEffect(() => {
    for (const neighbour of [images[index - 1], images[index + 1]]) {
      if (!neighbour?.previewUrl) continue;
      const preload = new Image();
      preload.decoding = 'async';
      preload.src = neighbour.previewUrl;
    }
  }, [images, index]);

  // Keys are read on the document, not the dialog: focus can drop to <body> (a button that
  // disappears, a click on the backdrop), and the keys must work all the same.
  const onKey = useRef<(event: KeyboardEvent) => void>(() => undefined);
  useEffect(() => {
    onKey.current = (event) => {
      if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return;
      if (event.key === 'ArrowLeft') go(index - 1);
      else if (event.key === 'ArrowRight') go(index + 1);
      else if (event.key === 'Home') go(0);
      else if (event.key === 'End') go(last);
      else if (event.key === 'Escape') onClose();
      else return;
      event.preventDefault();
    };
  });
  useEffect(() => {
    const listener = (event: KeyboardEvent) => onKey.current(event);
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, []);

  if (!image) return null;
  const ratio = image.width && image.height ? image.width / image.height : 1.5;
  return (
    <div
      ref={ref}
      className="lightbox"
      role="dialog"
      aria-modal="true"
      aria-label={t('lightbox.label')}
      tabIndex={-1}
    >
      <div className="lightbox__bar">
        <span className="lightbox__counter" aria-live="polite" aria-atomic="true">
          {index + 1} / {images.length}
        </span>
        {!guest && (
          <FavouriteButton
            key={`fav-${image.id}`}
            target={{ imageId: image.id }}
            label={t('favourites.thisPhoto')}
          />
        )}
        {downloads && <DownloadButtons key={image.id} image={image} />}
        {onHidden && <HidePhoto key={`hide-${image.id}`} imageId={image.id} onHidden={onHidden} />}
        <button type="button" className="lightbox__close" onClick={onClose} aria-label={t('lightbox.close')}>
          ✕
        </button>
      </div>
      <div className="lightbox__stage" {...handlers}>
        <button
          type="button"
          className="lightbox__nav lightbox__nav--prev"
          onClick={() => go(index - 1)}
          disabled={index === 0}
          aria-label={t('lightbox.previous')}
        >
          ‹
        </button>
        <div
          className={offset === 0 ? 'lightbox__slide' : 'lightbox__slide is-dragging'}
          style={{ transform: `translateX(${offset}px)` }}
        >
          <Photo
            key={image.id}
            src={image.previewUrl}
            placeholderSrc={image.thumbUrl}
            thumbhash={image.thumbhash}
            width={image.width}
            height={image.height}
            alt={t('lightbox.photo', { n: index + 1, total: images.length })}
            fit="contain"
            loading="eager"
            style={{ '--ratio': ratio } as CSSProperties}
            onError={onImageError}
          />
        </div>
        <button
          type="button"
          className="lightbox__nav lightbox__nav--next"
          onClick={() => go(index + 1)}
          disabled={index === last}
          aria-label={t('lightbox.next')}
        >
          ›
        </button>
      </div>
    </div>
  );
}
