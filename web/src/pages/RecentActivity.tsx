import { useMemo, useState } from 'preact/hooks';
import { api, apiAll } from '../api.js';
import { type CheckRow, ChecksBoard, STATUSES, type Summary } from '../components/ChecksBoard.js';
import { CometBoard } from '../components/JobBoard.js';
import { ErrorNote, Page } from '../components/Page.js';
import { browserZone } from '../format.js';
import { useLiveData } from '../live.js';
import { Link, navigate, useLocation } from '../router.js';

type View = 'checks' | 'comet';

const haystack = (c: CheckRow) => [c.name, c.group ?? '', ...c.labels, c.comet?.username, c.comet?.device, c.comet?.protectedItem, c.comet?.vault].join(' ').toLowerCase();

/** The home page: is every backup of every customer fine, and if not, which and since when. By check, or by Comet protected item (?view=comet). */
export function RecentActivity() {
  const { query } = useLocation();
  const view: View = query.get('view') === 'comet' ? 'comet' : 'checks';
  const [filter, setFilter] = useState({ group: '', label: '', status: '', text: '' });

  const { data, error } = useLiveData(() => Promise.all([apiAll<CheckRow>('/checks'), api<Summary>('GET', `/activity-summary?days=10&timezone=${encodeURIComponent(browserZone())}`)]));
  const [checks, summary] = data ?? [null, null];

  const groups = useMemo(() => [...new Set((checks ?? []).map((c) => c.group ?? ''))].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b))), [checks]);
  const labels = useMemo(() => [...new Set((checks ?? []).flatMap((c) => c.labels))].sort(), [checks]);
  const inView = (checks ?? []).filter((c) => view === 'checks' || c.comet !== null);
  const shown = inView.filter(
    (c) =>
      (!filter.group || (c.group ?? '') === filter.group) &&
      (!filter.label || c.labels.includes(filter.label)) &&
      (!filter.status || c.status === filter.status) &&
      (!filter.text || haystack(c).includes(filter.text.toLowerCase())),
  );
  const set = (key: keyof typeof filter) => (e: Event) => setFilter({ ...filter, [key]: (e.target as HTMLInputElement).value });
  const show = (v: View) => navigate(v === 'comet' ? '/?view=comet' : '/', true);

  return (
    <Page title="Recent Activity" actions={<Link href="/checks/new" class="button">Add check</Link>}>
      <ErrorNote error={error} />
      <div class="filters">
        <div class="state-filter view-switch" role="group" aria-label="View">
          <button type="button" aria-pressed={view === 'checks'} onClick={() => show('checks')}>
            Checks
          </button>
          <button type="button" aria-pressed={view === 'comet'} onClick={() => show('comet')}>
            Comet
          </button>
        </div>
        <input
          type="search"
          placeholder={view === 'comet' ? 'Find a user, device or item…' : 'Find a check…'}
          aria-label={view === 'comet' ? 'Find a user, device or protected item' : 'Find a check'}
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
      {checks && !inView.length && view === 'comet' && (
        <p class="empty">No Comet protected items yet. A Comet job report sent to the inbox makes a check for its protected item (see Settings › Comet).</p>
      )}
      {inView.length > 0 && !shown.length && <p class="empty">{view === 'comet' ? 'No protected item matches the filters.' : 'No check matches the filters.'}</p>}
      {summary && shown.length > 0 && (view === 'comet' ? <CometBoard rows={shown} summary={summary} /> : <ChecksBoard rows={shown} groups={groups} summary={summary} />)}
    </Page>
  );
}
