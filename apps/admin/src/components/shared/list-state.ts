/** What a list query has to show, as the admin lists read it from a tRPC query. */
export interface ListQuery<T> {
  isPending: boolean;
  error: unknown;
  data: readonly T[] | undefined;
}

export type ListState<T> =
  | { kind: 'loading' }
  | { kind: 'error'; error: unknown }
  | { kind: 'empty' }
  | { kind: 'items'; items: readonly T[] };

/**
 * Which of the four faces a list shows: loading until the first answer, then the error of the
 * latest load (also over rows an earlier load brought, which may be stale), then empty or the rows.
 */
export function listState<T>(query: ListQuery<T>): ListState<T> {
  if (query.isPending) return { kind: 'loading' };
  if (query.error) return { kind: 'error', error: query.error };
  const items = query.data ?? [];
  return items.length === 0 ? { kind: 'empty' } : { kind: 'items', items };
}
