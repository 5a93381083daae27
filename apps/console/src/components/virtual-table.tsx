import { flexRender, type Row, type Table } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Fragment, useEffect, useRef, type ReactNode } from 'react';

/**
 * A TanStack table whose rows are virtualised (only those in view are in the DOM) and fed by a server
 * cursor: when the last rendered row comes near the end of what is loaded, `onLoadMore` asks for the
 * next page. A row may expand into a full-width panel under it (each row and its panel are one
 * <tbody>, measured together, so the virtualiser knows the real height).
 */
export function VirtualTable<T>({
  table,
  caption,
  estimateRowHeight,
  hasMore,
  loadingMore,
  onLoadMore,
  renderExpanded,
  rowClassName,
  footer,
  maxHeight,
  scrollToRowId = null,
}: {
  table: Table<T>;
  caption: string;
  estimateRowHeight: number;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  renderExpanded?: (row: Row<T>) => ReactNode | null;
  rowClassName?: (row: Row<T>) => string;
  footer?: ReactNode;
  maxHeight: string;
  /** A row to bring into view once it is loaded (an expanded row named by a shared link). */
  scrollToRowId?: string | null;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const rows = table.getRowModel().rows;
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => estimateRowHeight,
    overscan: 12,
    getItemKey: (index) => rows[index]?.id ?? index,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length > 0 ? items[items.length - 1].index : -1;

  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= rows.length - 20) onLoadMore();
  }, [hasMore, loadingMore, lastIndex, rows.length, onLoadMore]);

  const scrolledTo = useRef<string | null>(null);
  useEffect(() => {
    if (scrollToRowId === null || scrolledTo.current === scrollToRowId) return;
    const index = rows.findIndex((row) => row.id === scrollToRowId);
    if (index < 0) return;
    scrolledTo.current = scrollToRowId;
    virtualizer.scrollToIndex(index, { align: 'start' });
    window.requestAnimationFrame(() => scroller.current?.querySelector(`[data-index="${index}"]`)?.scrollIntoView({ block: 'start' }));
  }, [scrollToRowId, rows, virtualizer]);

  const columns = table.getVisibleLeafColumns();
  const paddingTop = items.length > 0 ? items[0].start : 0;
  const paddingBottom = items.length > 0 ? virtualizer.getTotalSize() - items[items.length - 1].end : 0;

  return (
    <div ref={scroller} className="table-scroller" style={{ maxHeight }} tabIndex={-1}>
      <table className="data-table" aria-rowcount={rows.length}>
        <caption className="visually-hidden">{caption}</caption>
        <colgroup>
          {columns.map((column) => (
            <col key={column.id} style={{ width: column.getSize() }} />
          ))}
        </colgroup>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => (
                <th key={header.id} scope="col">
                  {header.isPlaceholder ? null : flexRender(header.column.columnDef.header, header.getContext())}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        {paddingTop > 0 && (
          <tbody aria-hidden="true">
            <tr style={{ height: paddingTop }} />
          </tbody>
        )}
        {items.map((item) => {
          const row = rows[item.index];
          const expanded = renderExpanded?.(row) ?? null;
          return (
            <tbody key={item.key} data-index={item.index} ref={virtualizer.measureElement} className={expanded ? 'expanded' : undefined}>
              <tr className={rowClassName?.(row)} aria-rowindex={item.index + 1} data-row-id={row.id}>
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</td>
                ))}
              </tr>
              {expanded && (
                <Fragment>
                  <tr className="expansion">
                    <td colSpan={columns.length}>{expanded}</td>
                  </tr>
                </Fragment>
              )}
            </tbody>
          );
        })}
        {paddingBottom > 0 && (
          <tbody aria-hidden="true">
            <tr style={{ height: paddingBottom }} />
          </tbody>
        )}
      </table>
      {footer}
    </div>
  );
}
