import { useMemo, useState } from 'preact/hooks';
import { api, apiAll } from '../api.js';
import { type CheckRow, ChecksBoard, STATUSES, type Summary } from '../components/ChecksBoard.js';
import { COMET_BOARD, JOB_BOARD, JobBoard } from '../components/JobBoard.js';
import { ErrorNote, Page } from '../components/Page.js';
import { browserZone } from '../format.js';
import { useLiveData } from '../live.js';
import { Link, navigate, useLocation } from '../router.js';

type View = 'checks' | 'comet' | 'jobs';

const VIEWS: { view: View; label: string; find: string; findLabel: string; board?: typeof JOB_BOARD; empty: string; noMatch: string }[] = [
  { view: 'checks', label: 'Checks', find: 'Find a check…', findLabel: 'Find a check', empty: '', noMatch: 'No check matches the filters.' },
  {
    view: 'comet',
    label: 'Comet',
    find: 'Find a user, device or item…',
    findLabel: 'Find a user, device or protected item',
    board: COMET_BOARD,
    empty: 'No Comet protected items yet. A Comet job report sent to the inbox makes a check for its protected item (see Settings › Comet).',
    noMatch: 'No protected item matches the filters.',
  },
  {
    view: 'jobs',
    label: 'Jobs',
    find: 'Find a product, tenant, device or item…',
    findLabel: 'Find a product, tenant, device or item',
    board: JOB_BOARD,
    empty: 'No jobs yet. A report of a backup product sent to the inbox makes a check for its job (see Settings › Report formats).',
    noMatch: 'No job matches the filters.',
  },
];

/** The text the find box searches: the job's names in the jobs view, else the check's and its Comet item's. */
const haystack = (view: View, c: CheckRow) =>
  (view === 'jobs' ? [c.job?.product, c.job?.tenant, c.job?.device, c.job?.item] : [c.name, c.group ?? '', ...c.labels, c.comet?.username, c.comet?.device, c.comet?.protectedItem, c.comet?.vault])
    .join(' ')
    .toLowerCase();

/** The home page: is every backup of every customer fine, and if not, which and since when. By check, by Comet protected item (?view=comet), or by job of any format (?view=jobs). */
export function RecentActivity() {
  const { query } = useLocation();
  const current = VIEWS.find((v) => v.view === query.get('view')) ?? VIEWS[0]!;
  const view = current.view;
  const [filter, setFilter] = useState({ group: '', label: '', status: '', text: '' });

  const { data, error } = useLiveData(() => Promise.all([apiAll<CheckRow>('/checks'), api<Summary>('GET', `/activity-summary?days=10&timezone=${encodeURIComponent(browserZone())}`)]));
  const [checks, summary] = data ?? [null, null];

  const groups = useMemo(() => [...new Set((checks ?? []).map((c) => c.group ?? ''))].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b))), [checks]);
  const labels = useMemo(() => [...new Set((checks ?? []).flatMap((c) => c.labels))].sort(), [checks]);
  const inView = (checks ?? []).filter((c) => !current.board || current.board.has(c));
  const shown = inView.filter(
    (c) =>
      (!filter.group || (c.group ?? '') === filter.group) &&
      (!filter.label || c.labels.includes(filter.label)) &&
      (!filter.status || c.status === filter.status) &&
      (!filter.text || haystack(view, c).includes(filter.text.toLowerCase())),
  );
  const set = (key: keyof typeof filter) => (e: Event) => setFilter({ ...filter, [key]: (e.target as HTMLInputElement).value });
  const show = (v: View) => navigate(v === 'checks' ? '/' : `/?view=${v}`, true);

  return (
    <Page title="Recent Activity" actions={<Link href="/checks/new" class="button">Add check</Link>}>
      <ErrorNote error={error} />
      <div class="filters">
        <div class="state-filter view-switch" role="group" aria-label="View">
          {VIEWS.map((v) => (
            <button key={v.view} type="button" aria-pressed={view === v.view} onClick={() => show(v.view)}>
              {v.label}
            </button>
          ))}
        </div>
        <input
          type="search"
          placeholder={current.find}
          aria-label={current.findLabel}
          value={filter.text}
          onInput={set('text')}
        />
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
      {checks && !inView.length && view === 'checks' && (
        <p class="empty">
          No checks yet. <Link href="/checks/new">Add one</Link>, or let reports arrive and create checks from the <Link href="/unmatched">unmatched</Link> messages.
        </p>
      )}
      {checks && !inView.length && current.board && <p class="empty">{current.empty}</p>}
      {inView.length > 0 && !shown.length && <p class="empty">{current.noMatch}</p>}
      {summary && shown.length > 0 && (current.board ? <JobBoard kind={current.board} rows={shown} summary={summary} /> : <ChecksBoard rows={shown} groups={groups} summary={summary} />)}
    </Page>
  );
}
