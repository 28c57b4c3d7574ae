import type { RouterOutputs } from '@party/ui';
import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { type Ref, useEffect, useImperativeHandle, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useElementWidth } from '../hooks/use-element-width';
import { justify, targetRowHeight } from '../lib/justify';
import { GalleryRow } from './gallery-row';

type GalleryImage = RouterOutputs['images']['list'][number];

const GAP = 4;

export interface PhotoGalleryHandle {
  /** Scrolls the photo's row into view and focuses its tile (after the viewer closes). */
  focusPhoto: (id: string) => void;
}

/**
 * Justified rows of thumbnails. Only the rows near the viewport exist in the DOM (the window
 * scrolls, rows are positioned by the virtualizer), so 2,000 photos cost what 50 do. Every tile's
 * size is known from the photo's dimensions before any image loads: nothing jumps.
 */
export function PhotoGallery({
  images,
  onOpen,
  onImageError,
  selection,
  onToggle,
  ref,
}: {
  images: GalleryImage[];
  onOpen: (index: number) => void;
  onImageError: () => void;
  /** Selection mode (see `GalleryRow`); null or absent to open photos. */
  selection?: ReadonlySet<string> | null;
  onToggle?: (id: string) => void;
  ref?: Ref<PhotoGalleryHandle>;
}) {
  const containerRef = useRef<HTMLDivElement>(null);
  const width = useElementWidth(containerRef);
  const rows = useMemo(() => justify(images, width, targetRowHeight(width), GAP), [images, width]);
  const rowOf = useMemo(() => {
    const map = new Map<string, number>();
    rows.forEach((row, rowIndex) => {
      for (const item of row.items) {
        const image = images[item.index];
        if (image) map.set(image.id, rowIndex);
      }
    });
    return map;
  }, [rows, images]);

  // Where the gallery starts on the page: the virtualizer works in window coordinates.
  const [scrollMargin, setScrollMargin] = useState(0);
  useLayoutEffect(() => {
    const element = containerRef.current;
    if (element && width > 0) setScrollMargin(element.getBoundingClientRect().top + window.scrollY);
  }, [width]);

  const virtualizer = useWindowVirtualizer({
    count: rows.length,
    estimateSize: (index) => (rows[index]?.height ?? 0) + GAP,
    overscan: 3,
    scrollMargin,
  });
  // Row heights are exact, not estimates: re-read them whenever the layout changes.
  // `rows` is the trigger here; the virtualizer reads the heights through estimateSize.
  useEffect(() => {
    virtualizer.measure();
  }, [rows, virtualizer]);

  useImperativeHandle(
    ref,
    () => ({
      focusPhoto: (id) => {
        const rowIndex = rowOf.get(id);
        if (rowIndex === undefined) return;
        virtualizer.scrollToIndex(rowIndex, { align: 'auto' });
        // The row may only be rendered after the scroll: focus on the next frames.
        const focus = (tries: number) =>
          requestAnimationFrame(() => {
            const tile = containerRef.current?.querySelector<HTMLElement>(`[data-photo-id="${id}"]`);
            if (tile) tile.focus({ preventScroll: true });
            else if (tries > 0) focus(tries - 1);
          });
        focus(10);
      },
    }),
    [rowOf, virtualizer],
  );

  return (
    <div ref={containerRef} className="gallery" style={{ height: virtualizer.getTotalSize() }}>
      {virtualizer.getVirtualItems().map((virtualRow) => {
        const row = rows[virtualRow.index];
        return row ? (
          <GalleryRow
            key={virtualRow.key}
            row={row}
            offset={virtualRow.start - scrollMargin}
            gap={GAP}
            images={images}
            onOpen={onOpen}
            onImageError={onImageError}
            selection={selection}
            onToggle={onToggle}
          />
        ) : null;
      })}
    </div>
  );
}
