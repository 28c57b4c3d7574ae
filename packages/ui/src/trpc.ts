import type { AppRouter } from '@party/api';
import { QueryClient } from '@tanstack/react-query';
import { httpBatchLink, TRPCClientError } from '@trpc/client';
import { createTRPCReact } from '@trpc/react-query';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import superjson from 'superjson';
import { uiT } from './i18n/use-t';

/** Typed tRPC hooks: renaming a procedure or changing its input breaks every caller's build. */
export const trpc = createTRPCReact<AppRouter>();

/** What each procedure returns, e.g. `RouterOutputs['admin']['images']['list'][number]`. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type RouterInputs = inferRouterInputs<AppRouter>;

export function createClients() {
  const queryClient = new QueryClient({
    defaultOptions: {
      queries: {
        // Retrying an answer like UNAUTHORIZED or NOT_FOUND only delays the message.
        retry: (failures, error) =>
          !(error instanceof TRPCClientError && error.data?.httpStatus < 500) && failures < 2,
      },
    },
  });
  const trpcClient = trpc.createClient({
    links: [
      httpBatchLink({
        url: '/trpc',
        transformer: superjson,
        fetch: (url, init) => fetch(url, { ...init, credentials: 'same-origin' }),
      }),
    ],
  });
  return { queryClient, trpcClient };
}

export type Clients = ReturnType<typeof createClients>;

/** A sentence for the person in front of the screen, whatever went wrong. */
export function errorText(error: unknown): string {
  if (error instanceof TRPCClientError) {
    if (error.data?.code === 'BAD_REQUEST' && error.data.fieldErrors) {
      const first = Object.values(error.data.fieldErrors as Record<string, string[] | undefined>).flat()[0];
      if (first) return first;
    }
    return error.message;
  }
  if (error instanceof TypeError) return uiT('errors.offline');
  if (error instanceof Error) return error.message;
  return uiT('errors.generic');
}

/** The tRPC error code of a failed call (`CONFLICT`, `NOT_FOUND`, …), if it was one. */
export function errorCode(error: unknown): string | undefined {
  return error instanceof TRPCClientError ? (error.data?.code as string | undefined) : undefined;
}

/**
 * The first message per form field of a rejected input (the server flattens zod's errors into
 * `data.fieldErrors`), so a form can show each message beside its field.
 */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof TRPCClientError) || !error.data?.fieldErrors) return {};
  const result: Record<string, string> = {};
  for (const [field, messages] of Object.entries(
    error.data.fieldErrors as Record<string, string[] | undefined>,
  )) {
    const first = messages?.[0];
    if (first) result[field] = first;
  }
  return result;
}
