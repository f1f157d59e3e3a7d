/**
 * Recent Activity's job views, as a backup console lays them out: a row for
 * every job a check stands for, sorted by the names above it (Comet:
 * Username > Device > Protected Item; any format: Tenant > Device > Item),
 * with ten days of activity. One board, configured per view.
 */
import { since } from '../format.js';
import { Link } from '../router.js';
import { ActivityBar, DayLabels } from './ActivityBar.js';
import type { CheckRow, Summary } from './ChecksBoard.js';
import { outdatedText } from './Comet.js';
import { jobOutdatedText } from './Jobs.js';
import { Badge, StatusBadge } from './Status.js';

interface Column {
  /** The cell's class, after the board's prefix: `comet-device`. */
  key: string;
  title: string;
  value: (c: CheckRow) => string | null;
}

export interface BoardKind {
  /** The class prefix of the board and its rows and cells (`comet` → `comet-board`, `comet-row`). */
  prefix: string;
  label: string;
  /** The name columns, the device's among them and the item's last. */
  columns: Column[];
  /** The columns the rows are sorted by, in order. */
  order: string[];
  /** The tooltip of the "Outdated" badge beside the device, or null when it is current. */
  outdated: (c: CheckRow) => string | null;
  has: (c: CheckRow) => boolean;
}

export const COMET_BOARD: BoardKind = {
  prefix: 'comet',
  label: 'Comet protected items',
  columns: [
    { key: 'username', title: 'Username', value: (c) => c.comet!.username },
    { key: 'device', title: 'Device', value: (c) => c.comet!.device },
    { key: 'item', title: 'Protected item', value: (c) => c.comet!.protectedItem },
  ],
  order: ['username', 'device', 'item'],
  outdated: (c) => (c.comet!.outdated ? outdatedText(c.comet!) : null),
  has: (c) => c.comet !== null,
};

export const JOB_BOARD: BoardKind = {
  prefix: 'job',
  label: 'Jobs of every report format',
  columns: [
    { key: 'product', title: 'Product', value: (c) => c.job!.product },
    { key: 'tenant', title: 'Tenant', value: (c) => c.job!.tenant },
    { key: 'device', title: 'Device', value: (c) => c.job!.device },
    { key: 'item', title: 'Item', value: (c) => c.job!.item },
  ],
  order: ['tenant', 'device', 'item', 'product'],
  outdated: (c) => (c.job!.outdated ? jobOutdatedText(c.job!) : null),
  has: (c) => c.job !== null,
};

const byName = (a: string | null, b: string | null) => (a ?? '').localeCompare(b ?? '', undefined, { sensitivity: 'base' });

/** The rows in the board's order, ignoring case; the check's id breaks ties. */
export function boardOrder(kind: BoardKind): (a: CheckRow, b: CheckRow) => number {
  const columns = kind.order.map((key) => kind.columns.find((c) => c.key === key)!);
  return (a, b) => {
    for (const col of columns) {
      const d = byName(col.value(a), col.value(b));
      if (d) return d;
    }
    return a.id - b.id;
  };
}

function Cell({ kind, col, check }: { kind: BoardKind; col: Column; check: CheckRow }) {
  const cls = `${kind.prefix}-${col.key}`;
  if (col.key === 'item') {
    return (
      <span role="cell" class={cls}>
        <Link href={`/checks/${check.id}`}>{col.value(check) ?? check.name}</Link>{' '}
        {check.schedule.type === 'unscheduled' && <Badge kind="no-schedule">No schedule</Badge>}
        {check.paused && <Badge kind="muted">Paused</Badge>}
      </span>
    );
  }
  const outdated = col.key === 'device' ? kind.outdated(check) : null;
  return (
    <span role="cell" class={cls}>
      {col.value(check)}{' '}
      {outdated && (
        <Badge kind="outdated" title={outdated}>
          Outdated
        </Badge>
      )}
    </span>
  );
}

export function JobBoard({ kind, rows, summary }: { kind: BoardKind; rows: CheckRow[]; summary: Summary }) {
  const row = `${kind.prefix}-row`;
  return (
    <div class={`board ${kind.prefix}-board`} role="table" aria-label={kind.label}>
      <div class={`${row} ${kind.prefix}-head`} role="row">
        {kind.columns.map((col) => (
          <span key={col.key} role="columnheader">
            {col.title}
          </span>
        ))}
        <span role="columnheader">Status</span>
        <span role="columnheader" aria-label="Activity over the last ten days">
          <DayLabels days={summary.days} />
        </span>
      </div>
      {[...rows].sort(boardOrder(kind)).map((c) => (
        <div class={row} role="row" key={c.id} data-check={c.id}>
          {kind.columns.map((col) => (
            <Cell key={col.key} kind={kind} col={col} check={c} />
          ))}
          <span role="cell" class={`${kind.prefix}-status`}>
            <StatusBadge status={c.status} />
            {c.lastActivityAt && <span class="muted">{since(c.lastActivityAt)} ago</span>}
          </span>
          <span role="cell">
            <ActivityBar checkId={c.id} days={summary.days} counts={summary.checks[String(c.id)]} />
          </span>
        </div>
      ))}
    </div>
  );
}
