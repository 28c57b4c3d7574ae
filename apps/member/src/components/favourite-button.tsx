import { errorText, type RouterInputs, type RouterOutputs, trpc } from '@party/ui';
import { useT } from '../i18n';

export type FavouriteTarget = RouterInputs['favourites']['add'];
type Favourites = RouterOutputs['favourites']['list'];

/** Whether the member's favourites hold this target. */
export function isFavourite(list: Favourites | undefined, target: FavouriteTarget): boolean {
  if (!list) return false;
  if ('imageId' in target) return list.photos.some((p) => p.id === target.imageId);
  if ('setId' in target) return list.sets.some((s) => s.id === target.setId);
  return list.moments.some(
    (m) => m.trackId === target.trackId && m.positionSeconds === target.positionSeconds,
  );
}

/**
 * A heart that adds or removes a favourite (a toggle button: `aria-pressed`). `label` names what
 * it is about ("this photo", "1:02:03 Artist – Title"), for screen readers and the tooltip.
 */
export function FavouriteButton({
  target,
  label,
  className = '',
}: {
  target: FavouriteTarget;
  label: string;
  className?: string;
}) {
  const t = useT();
  const utils = trpc.useUtils();
  const list = trpc.favourites.list.useQuery(undefined, { staleTime: 60_000 });
  const done = { onSettled: () => utils.favourites.list.invalidate() };
  const add = trpc.favourites.add.useMutation(done);
  const remove = trpc.favourites.remove.useMutation(done);
  const pending = add.isPending || remove.isPending;
  // While the change is on its way, show where it is going.
  const on = add.isPending ? true : remove.isPending ? false : isFavourite(list.data, target);
  const error = add.error ?? remove.error;
  const title = on ? t('favourites.remove', { what: label }) : t('favourites.add', { what: label });
  return (
    <>
      <button
        type="button"
        className={`favourite ${on ? 'is-on' : ''} ${className}`.trim()}
        aria-pressed={on}
        aria-label={title}
        title={title}
        aria-disabled={pending || list.isPending}
        onClick={() => {
          if (pending || list.isPending) return;
          if (on) remove.mutate(target);
          else add.mutate(target);
        }}
      >
        <span aria-hidden="true">{on ? '♥' : '♡'}</span>
      </button>
      {error && (
        <span className="favourite__error" role="alert">
          {errorText(error)}
        </span>
      )}
    </>
  );
}
