import { Photo, type RouterOutputs } from '@party/ui';
import { memo } from 'react';
import { useT } from '../i18n';
import type { Row } from '../lib/justify';

type GalleryImage = RouterOutputs['images']['list'][number];

/**
 * One justified row. Memoised: while the window scrolls only rows entering the viewport render,
 * the ones already on screen keep their DOM untouched.
 */
export const GalleryRow = memo(function GalleryRow({
  row,
  offset,
  gap,
  images,
  onOpen,
  onImageError,
  selection,
  onToggle,
}: {
  row: Row;
  offset: number;
  gap: number;
  images: GalleryImage[];
  onOpen: (index: number) => void;
  onImageError: () => void;
  /** Set in selection mode: a tap selects instead of opening, and each photo has a checkbox. */
  selection?: ReadonlySet<string> | null;
  onToggle?: (id: string) => void;
}) {
  const t = useT();
  return (
    <div className="gallery__row" style={{ height: row.height, transform: `translateY(${offset}px)`, gap }}>
      {row.items.map((item) => {
        const image = images[item.index];
        if (!image) return null;
        const label = t('gallery.openPhoto', { n: item.index + 1, total: images.length });
        const photo = (
          <Photo
            src={image.thumbUrl}
            alt=""
            width={image.width}
            height={image.height}
            thumbhash={image.thumbhash}
            onError={onImageError}
          />
        );
        if (selection && onToggle) {
          const checked = selection.has(image.id);
          // The whole tile is the checkbox's label: tap or Space selects, at any width.
          return (
            <label
              key={image.id}
              className={`gallery__item gallery__item--select${checked ? ' is-selected' : ''}`}
              data-photo-id={image.id}
              style={{ width: item.width, height: row.height }}
            >
              <input
                type="checkbox"
                className="gallery__check"
                checked={checked}
                onChange={() => onToggle(image.id)}
                aria-label={t('gallery.select.photo', { n: item.index + 1, total: images.length })}
              />
              {photo}
            </label>
          );
        }
        return (
          <button
            key={image.id}
            type="button"
            className="gallery__item"
            data-photo-id={image.id}
            style={{ width: item.width, height: row.height }}
            onClick={() => onOpen(item.index)}
            aria-label={label}
          >
            {photo}
          </button>
        );
      })}
    </div>
  );
});
