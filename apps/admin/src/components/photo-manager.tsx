import { Alert, EmptyState, errorText, Spinner, trpc, useRefetchOnError } from '@party/ui';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useT } from '../i18n';
import { movedBy, movedTo } from '../lib/photo-order';
import { nextSelection } from '../lib/selection';
import { PhotoOrderBar } from './photo-order-bar';
import { PhotoSummary } from './photo-summary';
import { type AdminImage, PhotoTile } from './photo-tile';
import { PhotoToolbar } from './photo-toolbar';
import { PhotoViewer } from './photo-viewer';
import { ConsentWarning } from './privacy/consent-warning';

/** Poll quickly while the worker has something to report, for live status and progress. */
const BUSY_POLL_MS = 2000;
/** Otherwise only refresh the presigned thumbnail URLs before they expire (15 minutes). */
const URL_REFRESH_MS = 10 * 60 * 1000;

const isBusy = (image: AdminImage) => image.status === 'processing' || image.status === 'deleting';

/** The event's photos: live status, selection and bulk actions. */
export function PhotoManager({ eventId, coverImageId }: { eventId: string; coverImageId: string | null }) {
  const t = useT();
  const utils = trpc.useUtils();
  const images = trpc.admin.images.list.useQuery(
    { eventId },
    { refetchInterval: (query) => (query.state.data?.some(isBusy) ? BUSY_POLL_MS : URL_REFRESH_MS) },
  );
  const onImageError = useRefetchOnError(images.refetch);

  const invalidate = useCallback(() => {
    void utils.admin.images.list.invalidate({ eventId });
    void utils.admin.events.list.invalidate();
  }, [utils, eventId]);
  const retry = trpc.admin.images.retry.useMutation({ onSuccess: invalidate });
  const remove = trpc.admin.images.delete.useMutation({ onSuccess: invalidate });
  const setCover = trpc.admin.images.setCover.useMutation({
    onSuccess: () => utils.admin.events.byId.invalidate({ id: eventId }),
  });

  // Photos being deleted, and failed ones (retried or removed one by one), are not selectable.
  const order = useMemo(
    () =>
      (images.data ?? [])
        .filter((image) => image.status !== 'deleting' && image.status !== 'failed')
        .map((image) => image.id),
    [images.data],
  );
  const orderRef = useRef(order);
  useEffect(() => {
    orderRef.current = order;
  }, [order]);
  const [rawSelection, setSelection] = useState<ReadonlySet<string>>(() => new Set());
  const anchor = useRef<string | null>(null);
  // What was selected and still exists: a deleted photo drops out of the selection by itself.
  const selected = useMemo(() => {
    const selectable = new Set(order);
    return new Set([...rawSelection].filter((id) => selectable.has(id)));
  }, [rawSelection, order]);

  const onToggle = useCallback((id: string, range: boolean) => {
    const from = anchor.current;
    anchor.current = id;
    setSelection((current) => nextSelection(current, orderRef.current, from, id, range));
  }, []);
  const { mutate: retryMutate } = retry;
  const { mutate: setCoverMutate } = setCover;
  const { mutate: removeMutate } = remove;
  const onRemove = useCallback((id: string) => removeMutate({ ids: [id] }), [removeMutate]);
  const onRetry = useCallback((id: string) => retryMutate({ id }), [retryMutate]);
  // The large view: an index into the processed photos, null while closed.
  const [viewing, setViewing] = useState<number | null>(null);
  const viewable = useMemo(
    () => (images.data ?? []).filter((image) => image.status === 'ready'),
    [images.data],
  );
  const viewableRef = useRef(viewable);
  useEffect(() => {
    viewableRef.current = viewable;
  }, [viewable]);
  const onOpen = useCallback((id: string) => {
    const index = viewableRef.current.findIndex((image) => image.id === id);
    if (index !== -1) setViewing(index);
  }, []);
  const onSetCover = useCallback(
    (imageId: string) => setCoverMutate({ eventId, imageId }),
    [setCoverMutate, eventId],
  );

  // Arranging: Move earlier / later on every tile, and dragging. The new order shows at once and
  // is stored whole; a refused order (photos changed meanwhile) reloads the list.
  const [arranging, setArranging] = useState(false);
  const [orderStatus, setOrderStatus] = useState<string | null>(null);
  const reorder = trpc.admin.images.reorder.useMutation({
    onError: () => void utils.admin.images.list.invalidate({ eventId }),
  });
  const { mutate: reorderMutate } = reorder;
  const dragged = useRef<string | null>(null);
  const focusAfterMove = useRef<string | null>(null);
  const applyOrder = useCallback(
    (ids: string[], movedId: string) => {
      const current = utils.admin.images.list.getData({ eventId });
      if (!current) return;
      const byId = new Map(current.map((image) => [image.id, image]));
      const next = ids.flatMap((id) => byId.get(id) ?? []);
      utils.admin.images.list.setData({ eventId }, next);
      const moved = byId.get(movedId);
      setOrderStatus(
        t('photos.order.moved', {
          name: moved?.originalName ?? '',
          position: ids.indexOf(movedId) + 1,
          count: ids.length,
        }),
      );
      reorderMutate({ eventId, ids });
    },
    [utils, eventId, reorderMutate, t],
  );
  const idsInOrder = useCallback(
    () => (utils.admin.images.list.getData({ eventId }) ?? []).map((image) => image.id),
    [utils, eventId],
  );
  const onMove = useCallback(
    (id: string, step: -1 | 1) => {
      focusAfterMove.current = `${id}:${step}`;
      applyOrder(movedBy(idsInOrder(), id, step), id);
    },
    [applyOrder, idsInOrder],
  );
  const onDragStart = useCallback((id: string) => {
    dragged.current = id;
  }, []);
  const onDrop = useCallback(
    (targetId: string) => {
      const id = dragged.current;
      dragged.current = null;
      if (!id || id === targetId) return;
      const ids = idsInOrder();
      applyOrder(movedTo(ids, id, ids.indexOf(targetId)), id);
    },
    [applyOrder, idsInOrder],
  );
  // Moving a tile moves its DOM node, which drops keyboard focus: put it back on the same button.
  useEffect(() => {
    const key = focusAfterMove.current;
    if (!key) return;
    focusAfterMove.current = null;
    const [id, step] = key.split(':');
    const button = document.querySelector<HTMLButtonElement>(`[data-move="${key}"]`);
    // At either end its button is disabled: the tile's other move button takes the focus.
    if (button && !button.disabled) button.focus();
    else document.querySelector<HTMLButtonElement>(`[data-move="${id}:${step === '1' ? -1 : 1}"]`)?.focus();
  });
  const count = images.data?.length ?? 0;

  return (
    <section className="card" aria-labelledby="photos">
      <h2 id="photos">{t('photos.title')}</h2>
      {images.isPending ? (
        <Spinner label={t('photos.loading')} />
      ) : images.error ? (
        <Alert>{errorText(images.error)}</Alert>
      ) : images.data.length === 0 ? (
        <EmptyState title={t('photos.emptyTitle')}>{t('photos.emptyText')}</EmptyState>
      ) : (
        <>
          <PhotoSummary images={images.data} />
          <ConsentWarning eventId={eventId} />
          <PhotoToolbar
            eventId={eventId}
            total={order.length}
            selected={selected}
            onSelectAll={() => setSelection(new Set(order))}
            onClear={() => setSelection(new Set())}
            onChanged={invalidate}
          />
          <PhotoOrderBar
            eventId={eventId}
            arranging={arranging}
            onArranging={setArranging}
            status={orderStatus}
            error={reorder.error}
            onChanged={invalidate}
          />
          {retry.error && <Alert>{errorText(retry.error)}</Alert>}
          {remove.error && <Alert>{errorText(remove.error)}</Alert>}
          {setCover.error && <Alert>{errorText(setCover.error)}</Alert>}
          <ul className="tiles" aria-label={t('photos.gridLabel')}>
            {images.data.map((image, index) => (
              <PhotoTile
                key={image.id}
                image={image}
                selected={selected.has(image.id)}
                isCover={image.id === coverImageId}
                onToggle={onToggle}
                onRetry={onRetry}
                onRemove={onRemove}
                onSetCover={onSetCover}
                onOpen={onOpen}
                onImageError={onImageError}
                move={arranging ? { index, count, onMove, onDragStart, onDrop } : undefined}
              />
            ))}
          </ul>
          {viewing !== null && (
            <PhotoViewer
              images={viewable}
              index={Math.min(viewing, viewable.length - 1)}
              coverImageId={coverImageId}
              onIndex={setViewing}
              onClose={() => setViewing(null)}
              onSetCover={onSetCover}
            />
          )}
        </>
      )}
    </section>
  );
}
