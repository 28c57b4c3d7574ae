import { useEffect, useState } from 'react';

/** Chunks that have arrived, by name: a second visit renders their code at once. */
const loaded = new Map<string, unknown>();

/** Loads a chunk (the module system fetches it once) and remembers it for `useChunk`. */
export function loadChunk<M>(name: string, load: () => Promise<M>): Promise<M> {
  return load().then((module) => {
    loaded.set(name, module);
    return module;
  });
}

/**
 * A code chunk for a component, instead of React.lazy: a suspended component is revealed only
 * after React's fallback throttle (up to 300 ms), and a chunk that fails to load (a tab left open
 * across an update asks for files that are gone) should say so where it is shown rather than take
 * the page down. `module` is there at once when the chunk has arrived before; `failed` names why
 * not. `name` says which chunk `load` brings.
 */
export function useChunk<M>(name: string, load: () => Promise<M>): { module?: M; failed: boolean } {
  const [, setLoads] = useState(0);
  // Which chunk failed: one component may be asked for different chunks in turn (the pages).
  const [failed, setFailed] = useState<string | null>(null);
  const module = loaded.get(name) as M | undefined;
  // `load` is left out on purpose: `name` says which chunk it brings, and callers pass a new arrow each render.
  useEffect(() => {
    if (module) return;
    let current = true;
    loadChunk(name, load).then(
      () => current && setLoads((count) => count + 1),
      () => current && setFailed(name),
    );
    return () => {
      current = false;
    };
  }, [name, module]);
  return { module, failed: failed === name };
}
