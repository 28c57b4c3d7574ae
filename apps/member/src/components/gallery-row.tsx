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
}: {
  row: Row;
  offset: number;
  gap: number;
  images: GalleryImage[];
  onOpen: (index: number) => void;
  onImageError: () => void;
}) {
  const t = useT();
  return (
    <div className="gallery__row" style={{ height: row.height, transform: `translateY(${offset}px)`, gap }}>
      {row.items.map((item) => {
        const image = images[item.index];
        if (!image) return null;
        return (
          <button
            key={image.id}
            type="button"
            className="gallery__item"
            data-photo-id={image.id}
            style={{ width: item.width, height: row.height }}
            onClick={() => onOpen(item.index)}
            aria-label={t('gallery.openPhoto', { n: item.index + 1, total: images.length })}
          >
            <Photo
              src={image.thumbUrl}
              alt=""
              width={image.width}
              height={image.height}
              thumbhash={image.thumbhash}
              onError={onImageError}
            />
          </button>
        );
      })}
    </div>
  );
});
