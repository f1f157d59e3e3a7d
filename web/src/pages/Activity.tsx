import { useEffect, useRef, useState } from 'preact/hooks';
import { api, apiAll } from '../api.js';
import { type ActivityRow, Why, whyText } from '../components/ActivityWhy.js';
import { ErrorNote, Page } from '../components/Page.js';
import { StatusBadge } from '../components/Status.js';
import { type Column, Table } from '../components/Table.js';
import { dayRange, formatTime } from '../format.js';
import { useLive } from '../live.js';
import { Link, navigate, useLocation } from '../router.js';

/** The newest activities shown at most; older ones are reached by narrowing the filters. */
const CAP = 2000;
const PAGE = 500;
const STATUSES = ['success', 'warning', 'failure', 'overdue'] as const;
const FILTER_KEYS = ['checkId', 'status', 'q', 'from', 'to', 'day'] as const;

type Filters = Record<(typeof FILTER_KEYS)[number], string>;
interface CheckOption {
  id: number;
  name: string;
  group: string | null;
}

const isDay = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s);
const pad = (n: number) => String(n).padStart(2, '0');

/** A local time that sorts as text and reads well in a spreadsheet: 2026-11-18 21:14:05. */
function localStamp(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

const localDay = (iso: string) => localStamp(iso).slice(0, 10);

function readFilters(query: URLSearchParams): Filters {
  return Object.fromEntries(FILTER_KEYS.map((k) => [k, query.get(k) ?? ''])) as Filters;
}

/**
 * The API's query for the filters. Days (`day`, or `from`/`to` as YYYY-MM-DD) are
 * calendar days in the browser's zone, both ends included; `from`/`to` may also be instants.
 */
function apiQuery(f: Filters): URLSearchParams {
  const q = new URLSearchParams();
  if (f.checkId) q.set('checkId', f.checkId);
  if (f.status) q.set('status', f.status);
  if (f.q.trim()) q.set('q', f.q.trim());
  const from = f.day || f.from;
  const to = f.day || f.to;
  if (from) q.set('from', isDay(from) ? dayRange(from).from : from);
  if (to) q.set('to', isDay(to) ? dayRange(to).to : to);
  return q;
}

function pageUrl(f: Filters): string {
  const q = new URLSearchParams();
  for (const k of FILTER_KEYS) if (f[k]) q.set(k, f[k]);
  const s = q.toString();
  return s ? `/activity?${s}` : '/activity';
}

/** Keeps a click on a link inside a row from also opening the row. */
const own = (e: Event) => e.stopPropagation();

const columns: Column<ActivityRow>[] = [
  { key: 'receivedAt', label: 'Received', value: (a) => localStamp(a.receivedAt), render: (a) => <time dateTime={a.receivedAt}>{formatTime(a.receivedAt)}</time> },
  {
    key: 'checkName',
    label: 'Check',
    render: (a) => (
      <span onClick={own}>
        <Link href={`/checks/${a.checkId}`}>{a.checkName}</Link>
      </span>
    ),
  },
  { key: 'status', label: 'Status', render: (a) => <StatusBadge status={a.status} /> },
  {
    key: 'subject',
    label: 'Subject',
    value: (a) => a.subject,
    render: (a) =>
      a.messageId ? (
        <span onClick={own}>
          <Link href={`/messages/${a.messageId}`}>{a.subject || '(no subject)'}</Link>
        </span>
      ) : (
        <span class="muted">{a.subject || 'No report arrived'}</span>
      ),
  },
  { key: 'why', label: 'Why', value: whyText, render: (a) => <Why activity={a} /> },
  { key: 'matchedBy', label: 'Matched by', hidden: true, value: (a) => a.matchedBy ?? '' },
  { key: 'messageId', label: 'Message', hidden: true, value: (a) => a.messageId ?? '' },
];

/** The searchable history of every activity, newest first. */
export function Activity(_: { params: Record<string, string> }) {
  const { query } = useLocation();
  const filters = readFilters(query);
  const key = apiQuery(filters).toString();
  const [rows, setRows] = useState<ActivityRow[] | null>(null);
  const [capped, setCapped] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [checks, setChecks] = useState<CheckOption[]>([]);
  const [text, setText] = useState(filters.q);
  const latest = useRef(0);
  const typing = useRef<ReturnType<typeof setTimeout>>();
  const refreshing = useRef<ReturnType<typeof setTimeout>>();

  useEffect(() => {
    apiAll<CheckOption>('/checks').then(setChecks, setError);
  }, []);
  useEffect(() => setText(filters.q), [filters.q]);

  const load = async () => {
    const mine = ++latest.current;
    try {
      const items: ActivityRow[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: ActivityRow[]; nextCursor: string | null } = await api(
          'GET',
          `/activities?${key}${key ? '&' : ''}limit=${PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        items.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor && items.length < CAP);
      if (mine !== latest.current) return;
      setRows(items.slice(0, CAP));
      setCapped(Boolean(cursor) || items.length > CAP);
      setError(null);
    } catch (e) {
      if (mine === latest.current) setError(e);
    }
  };
  useEffect(() => {
    setRows(null);
    void load();
  }, [key]);
  useLive(
    (event) => {
      if (event.type !== 'activity') return;
      clearTimeout(refreshing.current);
      refreshing.current = setTimeout(load, 300);
    },
    [key],
  );

  const change = (patch: Partial<Filters>) => navigate(pageUrl({ ...filters, ...patch }), true);
  const onText = (value: string) => {
    setText(value);
    clearTimeout(typing.current);
    typing.current = setTimeout(() => change({ q: value }), 300);
  };
  // A day from a Recent Activity segment fills both ends of the range; editing either end makes it a range.
  const fromDay = filters.day || (filters.from && !isDay(filters.from) ? localDay(filters.from) : filters.from);
  const toDay = filters.day || (filters.to && !isDay(filters.to) ? localDay(filters.to) : filters.to);
  const setRange = (patch: { from?: string; to?: string }) => change({ day: '', from: fromDay, to: toDay, ...patch });
  const filtered = FILTER_KEYS.some((k) => filters[k]);
  const checkKnown = !filters.checkId || checks.some((c) => String(c.id) === filters.checkId);

  return (
    <Page title="Activity">
      <ErrorNote error={error} />
      <form class="filters activity-filters" role="search" aria-label="Activity filters" onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for="activity-check">Check</label>
          <select id="activity-check" value={filters.checkId} onChange={(e) => change({ checkId: (e.target as HTMLSelectElement).value })}>
            <option value="">All checks</option>
            {!checkKnown && <option value={filters.checkId}>Check {filters.checkId}</option>}
            {checks.map((c) => (
              <option key={c.id} value={String(c.id)}>
                {c.group ? `${c.group} › ${c.name}` : c.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="activity-status">Status</label>
          <select id="activity-status" value={filters.status} onChange={(e) => change({ status: (e.target as HTMLSelectElement).value })}>
            <option value="">All statuses</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s[0]!.toUpperCase() + s.slice(1)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="activity-from">From</label>
          <input id="activity-from" type="date" value={fromDay} max={toDay || undefined} onChange={(e) => setRange({ from: (e.target as HTMLInputElement).value })} />
        </div>
        <div class="field">
          <label for="activity-to">To</label>
          <input id="activity-to" type="date" value={toDay} min={fromDay || undefined} onChange={(e) => setRange({ to: (e.target as HTMLInputElement).value })} />
        </div>
        <div class="field">
          <label for="activity-q">Subject</label>
          <input id="activity-q" type="search" placeholder="Text in the subject…" value={text} onInput={(e) => onText((e.target as HTMLInputElement).value)} />
        </div>
        {filtered && (
          <button type="button" onClick={() => navigate('/activity', true)}>
            Clear filters
          </button>
        )}
      </form>
      {capped && (
        <p class="notice-capped" role="note">
          Showing the newest {CAP.toLocaleString()} activities that match. Narrow the filters (a check, a status or dates) to see older ones.
        </p>
      )}
      <Table
        id="activity"
        columns={columns}
        rows={rows ?? []}
        rowKey={(a) => a.id}
        loading={rows === null}
        empty={filtered ? 'No activity matches these filters.' : 'No activity yet: reports appear here as they arrive.'}
        onRowClick={(a) => {
          if (a.messageId) navigate(`/messages/${a.messageId}`);
        }}
      />
    </Page>
  );
}
