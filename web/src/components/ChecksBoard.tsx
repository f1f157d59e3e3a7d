/** Recent Activity's checks view: the checks by group, each with its badges and ten days of activity. */
import { useState } from 'preact/hooks';
import { formatTime, since } from '../format.js';
import { Link } from '../router.js';
import { ActivityBar, type DayCounts, DayLabels } from './ActivityBar.js';
import type { CheckComet } from './Comet.js';
import type { CheckJob } from './Jobs.js';
import { Badge, StatusBadge } from './Status.js';

export interface CheckRow {
  id: number;
  name: string;
  group: string | null;
  labels: string[];
  status: string;
  statusSince: string | null;
  paused: boolean;
  schedule: { type: string };
  lastActivityAt: string | null;
  job: CheckJob | null;
  comet: CheckComet | null;
}

export interface Summary {
  days: string[];
  checks: Record<string, DayCounts[]>;
}

export const STATUSES = ['failure', 'overdue', 'warning', 'success', 'pending'];

function badges(c: CheckRow) {
  return (
    <>
      {c.status === 'overdue' && <Badge kind="overdue">Overdue</Badge>}
      {c.status === 'failure' && c.statusSince && <Badge kind="failing">{`Failing since ${formatTime(c.statusSince)}`}</Badge>}
      {c.schedule.type === 'unscheduled' && <Badge kind="muted">No schedule</Badge>}
      {c.paused && <Badge kind="muted">Paused</Badge>}
    </>
  );
}

export function ChecksBoard({ rows, groups, summary }: { rows: CheckRow[]; groups: string[]; summary: Summary }) {
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  return (
    <div class="board">
      <div class="board-days" aria-hidden="true">
        <span />
        <DayLabels days={summary.days} />
      </div>
      {groups.map((g) => {
        const inGroup = rows.filter((c) => (c.group ?? '') === g);
        if (!inGroup.length) return null;
        const counts = STATUSES.map((s) => [s, inGroup.filter((c) => c.status === s).length] as const).filter(([, n]) => n > 0);
        const open = !collapsed.has(g);
        return (
          <section class="board-group" key={g} data-group={g}>
            <h2>
              <button
                type="button"
                aria-expanded={open}
                onClick={() => {
                  const next = new Set(collapsed);
                  if (open) next.add(g);
                  else next.delete(g);
                  setCollapsed(next);
                }}
              >
                <span aria-hidden="true">{open ? '▾' : '▸'}</span> {g || 'No group'}
              </button>
              <span class="group-counts">
                {counts.map(([s, n]) => (
                  <span key={s} class={`count status-${s}`}>
                    {n} {s}
                  </span>
                ))}
              </span>
            </h2>
            {open &&
              inGroup
                .sort((a, b) => a.name.localeCompare(b.name))
                .map((c) => (
                  <div class="board-row" key={c.id} data-check={c.id}>
                    <div class="board-check">
                      <Link href={`/checks/${c.id}`}>{c.name}</Link>
                      <div class="board-meta">
                        <StatusBadge status={c.status} />
                        {badges(c)}
                        {c.lastActivityAt && <span class="muted">{since(c.lastActivityAt)} ago</span>}
                      </div>
                    </div>
                    <ActivityBar checkId={c.id} days={summary.days} counts={summary.checks[String(c.id)]} />
                  </div>
                ))}
          </section>
        );
      })}
    </div>
  );
}
