import type { AppRouter } from '@party/api';
import { errorText } from '@party/ui';
import { createTRPCClient, httpLink } from '@trpc/client';
import { createContext, type ReactNode, useContext, useEffect, useState, useSyncExternalStore } from 'react';
import superjson from 'superjson';
import { appT } from '../i18n';
import { type PlayerApi, PlayerController, type PlayerState } from './player-controller';

/**
 * The player's own tRPC client: unbatched, and `keepalive`, so the position saved while the page
 * unloads (reload, closed tab) still reaches the server, as `sendBeacon` would.
 */
function createPlayerApi(): PlayerApi {
  const client = createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: '/trpc',
        transformer: superjson,
        fetch: (url, init) => fetch(url, { ...init, credentials: 'same-origin', keepalive: true }),
      }),
    ],
  });
  return {
    streamUrl: (input) => client.tracks.streamUrl.mutate(input),
    savePosition: (input) => client.tracks.savePosition.mutate(input),
    describeError: errorText,
    loadFailedText: () => appT('player.loadFailed'),
  };
}

const PlayerContext = createContext<PlayerController | null>(null);

/**
 * Mounted at the root of the signed-in app, above the pages: its `<audio>` element lives as long
 * as the session, so music keeps playing while the member browses.
 */
export function PlayerProvider({
  userId,
  api,
  children,
}: {
  userId: string;
  /** The server calls; a guest's share page passes its own (token-based, no positions saved). */
  api?: PlayerApi;
  children: ReactNode;
}) {
  const [controller] = useState(() => new PlayerController(api ?? createPlayerApi(), userId));
  useEffect(() => {
    controller.attach();
    return () => controller.detach();
  }, [controller]);
  return <PlayerContext.Provider value={controller}>{children}</PlayerContext.Provider>;
}

export function usePlayer(): PlayerController {
  const controller = useContext(PlayerContext);
  if (!controller) throw new Error('usePlayer needs a <PlayerProvider> above it');
  return controller;
}

/**
 * One slice of the player state; the component re-renders only when that slice changes. Select
 * primitives or objects held in the state (not new ones), e.g. `(s) => s.playing`.
 */
export function usePlayerState<T>(select: (state: PlayerState) => T): T {
  const controller = usePlayer();
  return useSyncExternalStore(controller.subscribe, () => select(controller.getState()));
}
