/**
 * The gallery order after moving one photo: `id` placed at `to` (clamped to the list), the others
 * keeping their relative order. Unknown ids leave the order as it was.
 */
export function movedTo(order: readonly string[], id: string, to: number): string[] {
  const from = order.indexOf(id);
  if (from === -1) return [...order];
  const rest = order.filter((other) => other !== id);
  const target = Math.max(0, Math.min(to, rest.length));
  return [...rest.slice(0, target), id, ...rest.slice(target)];
}

/** One step earlier (-1) or later (+1); at either end the order stays as it was. */
export function movedBy(order: readonly string[], id: string, step: -1 | 1): string[] {
  const from = order.indexOf(id);
  return from === -1 ? [...order] : movedTo(order, id, from + step);
}
