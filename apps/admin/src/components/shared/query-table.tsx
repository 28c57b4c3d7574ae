import { Alert, EmptyState, errorText, Spinner } from '@party/ui';
import type { ReactNode } from 'react';
import { type ListQuery, listState } from './list-state';

/** One column: its heading (also the cell's label on narrow screens) and what a row shows in it. */
export interface Column<T> {
  /** Left out for a column of row actions, which has neither heading nor label. */
  label?: string;
  cell: (item: T) => ReactNode;
  className?: string;
}

/**
 * A list of records as a table, with the spinner, error and empty state every admin list has
 * before it has rows. Each column is configured once; the table, its headings and the labels the
 * stacked layout shows on narrow screens follow from it.
 */
export function QueryTable<T>({
  query,
  columns,
  rowKey,
  empty,
  loadingLabel,
  caption,
}: {
  query: ListQuery<T>;
  columns: ReadonlyArray<Column<T>>;
  rowKey: (item: T) => string;
  empty: { title: string; text?: ReactNode };
  loadingLabel?: string;
  caption?: (items: readonly T[]) => ReactNode;
}) {
  const state = listState(query);
  switch (state.kind) {
    case 'loading':
      return <Spinner label={loadingLabel} />;
    case 'error':
      return <Alert>{errorText(state.error)}</Alert>;
    case 'empty':
      return <EmptyState title={empty.title}>{empty.text}</EmptyState>;
    case 'items':
      return (
        <table className="table">
          {caption && <caption className="table-caption muted small">{caption(state.items)}</caption>}
          <thead>
            <tr>
              {columns.map((column, index) => (
                <th key={column.label ?? index}>{column.label}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {state.items.map((item) => (
              <tr key={rowKey(item)}>
                {columns.map((column, index) => (
                  <td key={column.label ?? index} data-label={column.label} className={column.className}>
                    {column.cell(item)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      );
  }
}
