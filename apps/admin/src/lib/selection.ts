/**
 * The selection after clicking `target`. A plain click toggles it; a shift-click gives every item
 * between the previous click (`anchor`) and `target` the state `target` gets, as file managers do.
 */
export function nextSelection(
  selected: ReadonlySet<string>,
  order: readonly string[],
  anchor: string | null,
  target: string,
  range: boolean,
): Set<string> {
  const next = new Set(selected);
  const select = !selected.has(target);
  const from = anchor === null ? -1 : order.indexOf(anchor);
  const to = order.indexOf(target);
  if (range && from !== -1 && to !== -1) {
    const [start, end] = from < to ? [from, to] : [to, from];
    for (const id of order.slice(start, end + 1)) {
      if (select) next.add(id);
      else next.delete(id);
    }
    return next;
  }
  if (select) next.add(target);
  else next.delete(target);
  return next;
}
