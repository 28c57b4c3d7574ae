import { Alert, Spinner } from '@party/ui';
import type { ReactNode } from 'react';
import { loadChunk, useChunk } from '../hooks/use-chunk';
import { useT } from '../i18n';

/**
 * Every page is a chunk of its own, loaded when first shown, so a visit parses only the code of
 * the pages it opens (the set page alone brings wavesurfer.js). `first-page.ts` starts the opened
 * page's chunk at start-up beside its data: splitting adds no round trip to a cold visit.
 */
export const pageChunks = {
  signup: () => import('./signup-page'),
  share: () => import('./share-page'),
  account: () => import('./account-page'),
  home: () => import('./home-page'),
  music: () => import('./music-page'),
  set: () => import('./set-page'),
  gallery: () => import('./gallery-page'),
  privacy: () => import('./privacy-page'),
  favourites: () => import('./favourites-page'),
};

type PageName = keyof typeof pageChunks;
type PageModule<N extends PageName> = Awaited<ReturnType<(typeof pageChunks)[N]>>;

/** The loader of one page's chunk, typed by the page (indexing the table gives a union). */
const chunkOf = <N extends PageName>(name: N) => pageChunks[name] as () => Promise<PageModule<N>>;

/** Starts a page's chunk (at start-up, beside its data: `first-page.ts`). */
export function loadPage<N extends PageName>(name: N): Promise<PageModule<N>> {
  return loadChunk(name, chunkOf(name));
}

/**
 * Renders `children` with the page's module: at once when its chunk is in, else a spinner until
 * it is (`useChunk`: not React.lazy, whose fallback throttle cost a cold set page more than the
 * split saves). A chunk that fails to load offers a reload.
 */
export function WithPage<N extends PageName>({
  name,
  children,
}: {
  name: N;
  children: (module: PageModule<N>) => ReactNode;
}) {
  const t = useT();
  const { module, failed } = useChunk(name, chunkOf(name));
  if (module) return children(module);
  if (failed)
    return (
      <Alert>
        {t('app.pageFailed')}{' '}
        <button type="button" className="link-button" onClick={() => window.location.reload()}>
          {t('app.reload')}
        </button>
      </Alert>
    );
  return <Spinner />;
}
