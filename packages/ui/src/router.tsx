import type { AnchorHTMLAttributes, MouseEvent, ReactNode } from 'react';
import { Router, useLocation } from 'wouter';
import { navigate as historyNavigate, useSearch } from 'wouter/use-browser-location';

/*
 * wouter keeps the location: history, back and forward, and the SPA's base (`/` or `/admin/`,
 * Vite's BASE_URL), so every path the SPAs handle is relative to it. Which page a path shows is
 * each SPA's route table (`./routes`).
 */

const base = import.meta.env.BASE_URL.replace(/\/$/, '');

/** Scopes wouter to the SPA's base; wraps each SPA once (in `Providers`). */
export function SpaRouter({ children }: { children: ReactNode }) {
  return <Router base={base}>{children}</Router>;
}

/** The current path inside the SPA, e.g. `/invites`. */
export function usePath(): string {
  return useLocation()[0];
}

/**
 * One query parameter of the current URL. Read from the raw search string: wouter's `useSearch`
 * from `wouter` runs `decodeURI` first, which would decode a value's `%25` twice.
 */
export function useSearchParam(name: string): string | null {
  return new URLSearchParams(useSearch()).get(name);
}

/**
 * Goes to a path inside the SPA. `scroll: false` keeps the scroll position, for changes that stay
 * on the same page (a lightbox's `?photo=` parameter).
 */
export function navigate(to: string, options: { replace?: boolean; scroll?: boolean } = {}) {
  historyNavigate(`${base}${to}`, { replace: options.replace ?? false });
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
