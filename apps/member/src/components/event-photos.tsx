import '../styles/selection.css';
import {
  Alert,
  EmptyState,
  errorText,
  Link,
  navigate,
  Spinner,
  trpc,
  useRefetchOnError,
  useSearchParam,
} from '@party/ui';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useManualScrollRestoration } from '../hooks/use-manual-scroll-restoration';
import { useT } from '../i18n';
import { Lightbox } from './lightbox';
import { PhotoGallery, type PhotoGalleryHandle } from './photo-gallery';
import { SelectionBar } from './selection-bar';

/** Presigned URLs live 15 minutes: refresh the list well before, so no URL on screen runs out. */
const URL_REFRESH_MS = 10 * 60 * 1000;

/**
 * The gallery of one event and its viewer. The open photo lives in the address (`?photo=<id>`),
 * so a photo can be linked to and the phone's back button closes the viewer.
 */
export function EventPhotos({ eventId, slug }: { eventId: string; slug: string }) {
  const t = useT();
  const images = trpc.images.list.useQuery(
    { eventId },
    { staleTime: URL_REFRESH_MS / 2, refetchInterval: URL_REFRESH_MS },
  );
  const onImageError = useRefetchOnError(images.refetch);
  const galleryRef = useRef<PhotoGalleryHandle>(null);
  useManualScrollRestoration();
  const photoId = useSearchParam('photo');
  const list = images.data ?? [];
  const [hiddenNotice, setHiddenNotice] = useState(false);
  const index = photoId ? list.findIndex((image) => image.id === photoId) : -1;

  // Whether this page opened the viewer with its own history entry, which closing then pops.
  const pushed = useRef(false);
  const base = `/events/${encodeURIComponent(slug)}`;
  const listRef = useRef(list);
  useEffect(() => {
    listRef.current = list;
  }, [list]);
  const show = useCallback(
    (to: number, replace: boolean) => {
      const image = listRef.current[to];
      if (image) navigate(`${base}?photo=${image.id}`, { replace, scroll: false });
    },
    [base],
  );
  // Stable, so the memoised gallery rows do not re-render when the viewer opens or closes.
  const open = useCallback(
    (to: number) => {
      pushed.current = true;
      show(to, false);
    },
    [show],
  );
  const close = () => {
    if (pushed.current) window.history.back();
    else navigate(base, { replace: true, scroll: false });
    pushed.current = false;
  };

  // When the viewer closes (by button, Esc or the back button), focus the tile of the photo last shown.
  const lastShown = useRef<string | null>(null);
  useEffect(() => {
    const current = index >= 0 ? (list[index]?.id ?? null) : null;
    if (current) lastShown.current = current;
    else if (lastShown.current) {
      galleryRef.current?.focusPhoto(lastShown.current);
      lastShown.current = null;
      pushed.current = false;
    }
  }, [index, list]);

  // Selection mode: tiles become checkboxes, and the chosen photos download as one ZIP.
  const [selection, setSelection] = useState<ReadonlySet<string> | null>(null);
  const onToggle = useCallback((id: string) => {
    setSelection((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }, []);
  // Photos that left the gallery (unpublished meanwhile) leave the selection too.
  const selected = useMemo(() => {
    if (!selection) return null;
    const present = new Set(list.map((image) => image.id));
    return new Set([...selection].filter((id) => present.has(id)));
  }, [selection, list]);

  if (images.isPending) return <Spinner label={t('gallery.loading')} />;
  if (images.error) return <Alert>{errorText(images.error)}</Alert>;
  const notice = hiddenNotice && (
    <Alert tone="success">
      {t('hide.done')} <Link to="/privacy">{t('hide.followUp')}</Link>
    </Alert>
  );
  if (list.length === 0) {
    return (
      <>
        {notice}
        <EmptyState title={t('gallery.emptyTitle')}>{t('gallery.emptyBody')}</EmptyState>
      </>
    );
  }
  return (
    <>
      {notice}
      {selected ? (
        <SelectionBar
          eventId={eventId}
          selected={selected}
          total={list.length}
          onSelectAll={() => setSelection(new Set(list.map((image) => image.id)))}
          onClear={() => setSelection(new Set())}
          onDone={() => setSelection(null)}
        />
      ) : (
        <div className="gallery-select">
          <button type="button" className="button button--small" onClick={() => setSelection(new Set())}>
            {t('gallery.select.start')}
          </button>
        </div>
      )}
      <PhotoGallery
        ref={galleryRef}
        images={list}
        onOpen={open}
        onImageError={onImageError}
        selection={selected}
        onToggle={onToggle}
      />
      {index >= 0 && (
        <Lightbox
          images={list}
          index={index}
          onNavigate={(to) => show(to, true)}
          onClose={close}
          onImageError={onImageError}
          onHidden={() => {
            setHiddenNotice(true);
            close();
          }}
        />
      )}
    </>
  );
}
