import { QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { SpaRouter } from './router';
import { createClients, trpc } from './trpc';

export function Providers({ children }: { children: ReactNode }) {
  const [{ queryClient, trpcClient }] = useState(createClients);
  return (
    <trpc.Provider client={trpcClient} queryClient={queryClient}>
      <QueryClientProvider client={queryClient}>
        <SpaRouter>{children}</SpaRouter>
      </QueryClientProvider>
    </trpc.Provider>
  );
}
