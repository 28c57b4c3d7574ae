import { useEffect } from 'react';

let holders = 0;

/**
 * Turns the browser's scroll restoration off while the calling component (the gallery) is
 * mounted. Closing the viewer goes back one history entry, and the browser would restore the
 * scroll position of the moment the viewer opened, after the gallery had scrolled to the photo
 * last shown. The switch covers the whole gallery, not just the open viewer: Chrome may render the
 * new address before it fires popstate and restores, so the viewer is gone by then. The counter
 * keeps a quick unmount/mount (React's StrictMode) from switching it back on too early.
 */
export function useManualScrollRestoration() {
  useEffect(() => {
    holders += 1;
    window.history.scrollRestoration = 'manual';
    return () => {
      holders -= 1;
      setTimeout(() => {
        if (holders === 0) window.history.scrollRestoration = 'auto';
      }, 0);
    };
  }, []);
}
