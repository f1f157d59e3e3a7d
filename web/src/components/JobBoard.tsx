/**
 * Recent Activity's Comet view, as the Comet console lays it out: a row for
 * every protected item of every device in every user account, sorted
 * Username > Device > Protected Item, with ten days of activity.
 */
import { since } from '../format.js';
import { Link } from '../router.js';
import { ActivityBar, DayLabels } from './ActivityBar.js';
import type { CheckRow, Summary } from './ChecksBoard.js';
import { outdatedText } from './Comet.js';
import { Badge, StatusBadge } from './Status.js';

const byName = (a: string | null, b: string | null) => (a ?? '').localeCompare(b ?? '', undefined, { sensitivity: 'base' });

/** Username > Device name > Protected Item name, ignoring case. */
export function cometOrder(a: CheckRow, b: CheckRow): number {
  return byName(a.comet!.username, b.comet!.username) || byName(a.comet!.device, b.comet!.device) || byName(a.comet!.protectedItem, b.comet!.protectedItem) || a.id - b.id;
}

export function CometBoard({ rows, summary }: { rows: CheckRow[]; summary: Summary }) {
  return (
    <div class="board comet-board" role="table" aria-label="Comet protected items">
      <div class="comet-row comet-head" role="row">
        <span role="columnheader">Username</span>
        <span role="columnheader">Device</span>
        <span role="columnheader">Protected item</span>
        <span role="columnheader">Status</span>
        <span role="columnheader" aria-label="Activity over the last ten days">
          <DayLabels days={summary.days} />
        </span>
      </div>
      {[...rows].sort(cometOrder).map((c) => {
        const comet = c.comet!;
        return (
          <div class="comet-row" role="row" key={c.id} data-check={c.id}>
            <span role="cell" class="comet-username">
              {comet.username}
            </span>
            <span role="cell" class="comet-device">
              {comet.device}{' '}
              {comet.outdated && (
                <Badge kind="outdated" title={outdatedText(comet)}>
                  Outdated
                </Badge>
              )}
            </span>
            <span role="cell" class="comet-item">
              <Link href={`/checks/${c.id}`}>{comet.protectedItem ?? c.name}</Link>{' '}
              {c.schedule.type === 'unscheduled' && <Badge kind="no-schedule">No schedule</Badge>}
              {c.paused && <Badge kind="muted">Paused</Badge>}
            </span>
            <span role="cell" class="comet-status">
              <StatusBadge status={c.status} />
              {c.lastActivityAt && <span class="muted">{since(c.lastActivityAt)} ago</span>}
            </span>
            <span role="cell">
              <ActivityBar checkId={c.id} days={summary.days} counts={summary.checks[String(c.id)]} />
            </span>
          </div>
        );
      })}
    </div>
  );
}
