import { QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { SpaRouter } from './router';
import { type Clients, createClients, trpc } from './trpc';

/** `clients`: made before the first render when the SPA starts requests that early (member app). */
export function Providers({ clients, children }: { clients?: Clients; children: ReactNode }) {
  const [{ queryClient, trpcClient }] = useState(() => clients ?? createClients());
  return (
    <trpc.Provider client={trpcClient} queryClient={queryClient}>
      <QueryClientProvider client={queryClient}>
        <SpaRouter>{children}</SpaRouter>
      </QueryClientProvider>
    </trpc.Provider>
  );
}
