import { Alert, Spinner } from '@party/ui';
import { type ReactNode, useEffect, useState } from 'react';
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

const loaded = new Map<PageName, unknown>();

/** Loads a page's chunk (the module system fetches it once) and remembers it for `WithPage`. */
export function loadPage<N extends PageName>(name: N): Promise<PageModule<N>> {
  return pageChunks[name]().then((module) => {
    loaded.set(name, module);
    return module as PageModule<N>;
  });
}

/**
 * Renders `children` with the page's module: at once when its chunk is in, else a spinner until
 * it is. Not React.lazy: a suspended page is revealed only after React's fallback throttle (up to
 * 300 ms), which cost a cold set page more than the split saves. A chunk that fails to load (a tab
 * left open across an update asks for files that are gone) offers a reload.
 */
export function WithPage<N extends PageName>({
  name,
  children,
}: {
  name: N;
  children: (module: PageModule<N>) => ReactNode;
}) {
  const t = useT();
  const [, setLoads] = useState(0);
  // Which page's chunk failed: the app's pages share this component's place in the tree.
  const [failed, setFailed] = useState<PageName | null>(null);
  const module = loaded.get(name) as PageModule<N> | undefined;
  useEffect(() => {
    if (module) return;
    let current = true;
    loadPage(name).then(
      () => current && setLoads((count) => count + 1),
      () => current && setFailed(name),
    );
    return () => {
      current = false;
    };
  }, [name, module]);
  if (module) return children(module);
  if (failed === name)
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
