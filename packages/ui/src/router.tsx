import { type AnchorHTMLAttributes, type MouseEvent, useSyncExternalStore } from 'react';

/*
 * A small history router: the SPAs have a handful of pages, and this keeps them free of a router
 * framework. Paths are relative to the SPA's base (`/` or `/admin/`), taken from Vite's BASE_URL.
 */

const NAVIGATE = 'party:navigate';
const base = import.meta.env.BASE_URL.replace(/\/$/, '');

function subscribe(onChange: () => void) {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATE, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATE, onChange);
  };
}

function currentPath(): string {
  const path = window.location.pathname;
  const inside = path.startsWith(base) ? path.slice(base.length) : path;
  return inside || '/';
}

/** The current path inside the SPA, e.g. `/invites`. */
export function usePath(): string {
  return useSyncExternalStore(subscribe, currentPath);
}

export function useSearchParam(name: string): string | null {
  const search = useSyncExternalStore(subscribe, () => window.location.search);
  return new URLSearchParams(search).get(name);
}

/**
 * Goes to a path inside the SPA. `scroll: false` keeps the scroll position, for changes that stay
 * on the same page (a lightbox's `?photo=` parameter).
 */
export function navigate(to: string, options: { replace?: boolean; scroll?: boolean } = {}) {
  const url = `${base}${to}`;
  if (options.replace) window.history.replaceState(null, '', url);
  else window.history.pushState(null, '', url);
  window.dispatchEvent(new Event(NAVIGATE));
  if (options.scroll !== false) window.scrollTo(0, 0);
}

/** An `<a>` that navigates inside the SPA, keeping ctrl/cmd-click for a new tab. */
export function Link({ to, ...props }: { to: string } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    props.onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey)
      return;
    event.preventDefault();
    navigate(to);
  };
  return <a {...props} href={`${base}${to}`} onClick={onClick} />;
}
