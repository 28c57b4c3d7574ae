import { errorText, type RouterInputs, type RouterOutputs, trpc } from '@party/ui';
import { useT } from '../i18n';

export type FavouriteTarget = RouterInputs['favourites']['add'];
type FavouriteList = RouterOutputs['favourites']['list'];

/** Whether the member's favourites hold this target. */
export function isFavourite(list: FavouriteList | undefined, target: FavouriteTarget): boolean {
  if (!list) return false;
  if ('imageId' in target) return list.photos.some((p) => p.id === target.imageId);
  if ('setId' in target) return list.sets.some((s) => s.id === target.setId);
  return list.moments.some(
    (m) => m.trackId === target.trackId && m.positionSeconds === target.positionSeconds,
  );
}

function sameTarget(a: FavouriteTarget | undefined, b: FavouriteTarget): boolean {
  if (!a) return false;
  if ('imageId' in a) return 'imageId' in b && a.imageId === b.imageId;
  if ('setId' in a) return 'setId' in b && a.setId === b.setId;
  return 'trackId' in b && a.trackId === b.trackId && a.positionSeconds === b.positionSeconds;
}

/**
 * The member's favourites and the two ways to change them, once for every heart of a list: a
 * tracklist of 40 entries then holds one query and two mutations, not 40 of each (which cost the
 * set page ~60 ms of its first render).
 */
export function useFavourites(enabled = true) {
  const t = useT();
  const utils = trpc.useUtils();
  const list = trpc.favourites.list.useQuery(undefined, { staleTime: 60_000, enabled });
  const done = { onSettled: () => utils.favourites.list.invalidate() };
  const add = trpc.favourites.add.useMutation(done);
  const remove = trpc.favourites.remove.useMutation(done);
  const busy = add.isPending || remove.isPending || list.isPending;
  return {
    /** On or off; while a change of this target is on its way, where it is going. */
    isOn: (target: FavouriteTarget) =>
      add.isPending && sameTarget(add.variables, target)
        ? true
        : remove.isPending && sameTarget(remove.variables, target)
          ? false
          : isFavourite(list.data, target),
    busy,
    errorOf: (target: FavouriteTarget) =>
      sameTarget(add.variables, target)
        ? add.error
        : sameTarget(remove.variables, target)
          ? remove.error
          : null,
    toggle: (target: FavouriteTarget, on: boolean) => {
      if (busy) return;
      if (on) remove.mutate(target);
      else add.mutate(target);
    },
    title: (on: boolean, label: string) =>
      on ? t('favourites.remove', { what: label }) : t('favourites.add', { what: label }),
  };
}

export type Favourites = ReturnType<typeof useFavourites>;

/**
 * A heart that adds or removes a favourite (a toggle button: `aria-pressed`). `label` names what
 * it is about ("this photo", "1:02:03 Artist – Title"), for screen readers and the tooltip.
 */
export function FavouriteHeart({
  favourites,
  target,
  label,
  className = '',
}: {
  favourites: Favourites;
  target: FavouriteTarget;
  label: string;
  className?: string;
}) {
  const on = favourites.isOn(target);
  const error = favourites.errorOf(target);
  const title = favourites.title(on, label);
  return (
    <>
      <button
        type="button"
        className={`favourite ${on ? 'is-on' : ''} ${className}`.trim()}
        aria-pressed={on}
        aria-label={title}
        title={title}
        aria-disabled={favourites.busy}
        onClick={() => favourites.toggle(target, on)}
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

/** A single heart with its own view of the favourites (a set, a photo in the lightbox). */
export function FavouriteButton(props: { target: FavouriteTarget; label: string; className?: string }) {
  return <FavouriteHeart favourites={useFavourites()} {...props} />;
}
