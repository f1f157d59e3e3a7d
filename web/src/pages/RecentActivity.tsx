import { useMemo, useState } from 'preact/hooks';
import { api, apiAll } from '../api.js';
import { ActivityBar, type DayCounts } from '../components/ActivityBar.js';
import { ErrorNote, Page } from '../components/Page.js';
import { Badge, StatusBadge } from '../components/Status.js';
import { browserZone, formatDay, formatTime, since } from '../format.js';
import { useLiveData } from '../live.js';
import { Link } from '../router.js';

interface CheckRow {
  id: number;
  name: string;
  group: string | null;
  labels: string[];
  status: string;
  statusSince: string | null;
  paused: boolean;
  schedule: { type: string };
  lastActivityAt: string | null;
}

interface Summary {
  days: string[];
  checks: Record<string, DayCounts[]>;
}

const STATUSES = ['failure', 'overdue', 'warning', 'success', 'pending'];

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

/** The home page: is every backup of every customer fine, and if not, which and since when. */
export function RecentActivity() {
  const [filter, setFilter] = useState({ group: '', label: '', status: '', text: '' });
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());

  const { data, error } = useLiveData(() => Promise.all([apiAll<CheckRow>('/checks'), api<Summary>('GET', `/activity-summary?days=10&timezone=${encodeURIComponent(browserZone())}`)]));
  const [checks, summary] = data ?? [null, null];

  const groups = useMemo(() => [...new Set((checks ?? []).map((c) => c.group ?? ''))].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b))), [checks]);
  const labels = useMemo(() => [...new Set((checks ?? []).flatMap((c) => c.labels))].sort(), [checks]);
  const shown = (checks ?? []).filter(
    (c) =>
      (!filter.group || (c.group ?? '') === filter.group) &&
      (!filter.label || c.labels.includes(filter.label)) &&
      (!filter.status || c.status === filter.status) &&
      (!filter.text || `${c.name} ${c.group ?? ''} ${c.labels.join(' ')}`.toLowerCase().includes(filter.text.toLowerCase())),
  );
  const set = (key: keyof typeof filter) => (e: Event) => setFilter({ ...filter, [key]: (e.target as HTMLInputElement).value });

  return (
    <Page title="Recent Activity" actions={<Link href="/checks/new" class="button">Add check</Link>}>
      <ErrorNote error={error} />
      <div class="filters">
        <input type="search" placeholder="Find a check…" aria-label="Find a check" value={filter.text} onInput={set('text')} />
        <select aria-label="Group" value={filter.group} onChange={set('group')}>
          <option value="">All groups</option>
          {groups.map((g) => (
            <option key={g} value={g}>
              {g || '(no group)'}
            </option>
          ))}
        </select>
        <select aria-label="Label" value={filter.label} onChange={set('label')}>
          <option value="">All labels</option>
          {labels.map((l) => (
            <option key={l}>{l}</option>
          ))}
        </select>
        <select aria-label="Status" value={filter.status} onChange={set('status')}>
          <option value="">All statuses</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </div>
      {checks && !checks.length && (
        <p class="empty">
          No checks yet. <Link href="/checks/new">Add one</Link>, or let reports arrive and create checks from the <Link href="/unmatched">unmatched</Link> messages.
        </p>
      )}
      {checks && checks.length > 0 && !shown.length && <p class="empty">No check matches the filters.</p>}
      {summary && shown.length > 0 && (
        <div class="board">
          <div class="board-days" aria-hidden="true">
            <span />
            <div class="activity-bar">
              {summary.days.map((d, i) => (
                <span key={d}>{i === summary.days.length - 1 ? 'Today' : formatDay(d)}</span>
              ))}
            </div>
          </div>
          {groups.map((g) => {
            const rows = shown.filter((c) => (c.group ?? '') === g);
            if (!rows.length) return null;
            const counts = STATUSES.map((s) => [s, rows.filter((c) => c.status === s).length] as const).filter(([, n]) => n > 0);
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
                  rows
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
      )}
    </Page>
  );
}
