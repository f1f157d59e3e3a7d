import type { ComponentChildren } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { download, toCsv, toTsv, toXlsx } from './table.export.js';

export interface Column<T> {
  key: string;
  label: string;
  /** The value sorted, filtered and exported (default: row[key]). */
  value?: (row: T) => string | number | null | undefined;
  /** What the cell shows (default: the value). */
  render?: (row: T) => ComponentChildren;
  hidden?: boolean;
  sortable?: boolean;
}

interface Props<T> {
  /** Names the table for the column chooser's memory and the export files. */
  id: string;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string | number;
  onRowClick?: (row: T) => void;
  empty?: string;
  loading?: boolean;
  /** Extra controls on the toolbar's right. */
  actions?: ComponentChildren;
}

const PAGE_SIZES = [15, 25, 50, 100];

const valueOf = <T,>(c: Column<T>, row: T) => (c.value ? c.value(row) : (row as Record<string, unknown>)[c.key] as string | number | null | undefined);

function storedHidden(id: string, columns: Column<unknown>[]): Set<string> {
  try {
    const saved = localStorage.getItem(`table:${id}:hidden`);
    if (saved) return new Set(JSON.parse(saved));
  } catch {
    // unreadable storage: the defaults
  }
  return new Set(columns.filter((c) => c.hidden).map((c) => c.key));
}

/**
 * Every table of the console: rows per page (15 by default), "page X of Y",
 * a filter applied as you type, sortable columns, a column chooser, and export
 * of the filtered rows (all pages) to the clipboard, CSV and Excel.
 */
export function Table<T>({ id, columns, rows, rowKey, onRowClick, empty = 'Nothing here yet.', loading, actions }: Props<T>) {
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState<{ key: string; dir: 1 | -1 } | null>(null);
  const [pageSize, setPageSize] = useState(15);
  const [page, setPage] = useState(0);
  const [hidden, setHidden] = useState(() => storedHidden(id, columns as Column<unknown>[]));
  const [notice, setNotice] = useState('');
  const visible = columns.filter((c) => !hidden.has(c.key));

  const filtered = useMemo(() => {
    const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
    let out = words.length ? rows.filter((r) => words.every((w) => visible.some((c) => String(valueOf(c, r) ?? '').toLowerCase().includes(w)))) : rows;
    if (sort) {
      const col = columns.find((c) => c.key === sort.key);
      if (col) {
        out = [...out].sort((a, b) => {
          const x = valueOf(col, a) ?? '';
          const y = valueOf(col, b) ?? '';
          return (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), undefined, { numeric: true })) * sort.dir;
        });
      }
    }
    return out;
  }, [rows, filter, sort, hidden, columns]);

  const pages = Math.max(1, Math.ceil(filtered.length / pageSize));
  const current = Math.min(page, pages - 1);
  const shown = filtered.slice(current * pageSize, current * pageSize + pageSize);

  const toggleColumn = (key: string) => {
    const next = new Set(hidden);
    if (next.has(key)) next.delete(key);
    else if (visible.length > 1) next.add(key);
    setHidden(next);
    localStorage.setItem(`table:${id}:hidden`, JSON.stringify([...next]));
  };

  const exportRows = () => filtered.map((r) => visible.map((c) => valueOf(c, r) ?? ''));
  // Choosing an export closes its menu.
  const closeMenu = (e: Event) => (e.currentTarget as HTMLElement).closest('details')?.removeAttribute('open');
  const say = (text: string) => {
    setNotice(text);
    setTimeout(() => setNotice(''), 3000);
  };
  const copy = async () => {
    await navigator.clipboard.writeText(toTsv(visible, exportRows()));
    say(`${filtered.length} ${filtered.length === 1 ? 'row' : 'rows'} copied`);
  };
  const csv = () => download(`${id}.csv`, new Blob([`\ufeff${toCsv(visible, exportRows())}`], { type: 'text/csv;charset=utf-8' }));
  const xlsx = async () => download(`${id}.xlsx`, await toXlsx(id, visible, exportRows()));

  return (
    <div class="table" data-table={id}>
      <div class="table-toolbar">
        <input
          type="search"
          class="table-filter"
          placeholder="Filter…"
          aria-label="Filter rows"
          value={filter}
          onInput={(e) => {
            setFilter((e.target as HTMLInputElement).value);
            setPage(0);
          }}
        />
        <details class="menu">
          <summary>Columns</summary>
          <div class="menu-body">
            {columns.map((c) => (
              <label key={c.key}>
                <input type="checkbox" checked={!hidden.has(c.key)} onChange={() => toggleColumn(c.key)} /> {c.label}
              </label>
            ))}
          </div>
        </details>
        <details class="menu">
          <summary>Export</summary>
          <div class="menu-body">
            <button type="button" onClick={(e) => (closeMenu(e), copy())}>Copy to clipboard</button>
            <button type="button" onClick={(e) => (closeMenu(e), csv())}>CSV</button>
            <button type="button" onClick={(e) => (closeMenu(e), xlsx())}>Excel (.xlsx)</button>
          </div>
        </details>
        <span class="notice" role="status">{notice}</span>
        <span class="spacer" />
        {actions}
      </div>
      <table>
        <thead>
          <tr>
            {visible.map((c) => {
              const dir = sort?.key === c.key ? sort.dir : 0;
              return (
                <th key={c.key} aria-sort={dir === 1 ? 'ascending' : dir === -1 ? 'descending' : 'none'}>
                  {c.sortable === false ? (
                    c.label
                  ) : (
                    <button type="button" class="sort" onClick={() => setSort({ key: c.key, dir: dir === 1 ? -1 : 1 })}>
                      {c.label} <span aria-hidden="true">{dir === 1 ? '▲' : dir === -1 ? '▼' : ''}</span>
                    </button>
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => (
            <tr key={rowKey(r)} class={onRowClick ? 'clickable' : undefined} onClick={onRowClick && (() => onRowClick(r))}>
              {visible.map((c) => (
                <td key={c.key}>{c.render ? c.render(r) : String(valueOf(c, r) ?? '')}</td>
              ))}
            </tr>
          ))}
          {!shown.length && (
            <tr>
              <td colSpan={visible.length} class="empty">
                {loading ? 'Loading…' : filter ? 'No rows match the filter.' : empty}
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <div class="table-pager">
        <label>
          Rows per page{' '}
          <select
            value={pageSize}
            onChange={(e) => {
              setPageSize(Number((e.target as HTMLSelectElement).value));
              setPage(0);
            }}
          >
            {PAGE_SIZES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <span class="spacer" />
        <span>{filtered.length} {filtered.length === 1 ? 'row' : 'rows'}</span>
        <button type="button" onClick={() => setPage(0)} disabled={current === 0} aria-label="First page">«</button>
        <button type="button" onClick={() => setPage(current - 1)} disabled={current === 0} aria-label="Previous page">‹</button>
        <span class="page-of">
          Page{' '}
          <input
            type="number"
            min={1}
            max={pages}
            value={current + 1}
            aria-label="Page"
            onChange={(e) => setPage(Math.min(pages, Math.max(1, Number((e.target as HTMLInputElement).value) || 1)) - 1)}
          />{' '}
          of {pages}
        </span>
        <button type="button" onClick={() => setPage(current + 1)} disabled={current >= pages - 1} aria-label="Next page">›</button>
        <button type="button" onClick={() => setPage(pages - 1)} disabled={current >= pages - 1} aria-label="Last page">»</button>
      </div>
    </div>
  );
}
