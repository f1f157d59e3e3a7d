/**
 * The editor's test panel: runs the form as it is now (saved or not) against a
 * stored message or a pasted one through POST /checks/test, and shows what
 * every rule said. Nothing is stored.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api.js';
import { formatTime } from '../format.js';
import { OPERATOR_LABELS } from './CheckEditorForm.js';
import { fieldLabel, productOf } from './Formats.js';
import { ErrorNote } from './Page.js';
import { StatusBadge } from './Status.js';

interface MessageRow {
  id: number;
  receivedAt: string;
  subject: string;
  from: string;
  matched: boolean;
}

interface RuleResult {
  index: number;
  field: string;
  operator: string;
  value: string;
  matched: boolean;
}

interface CriteriaResult {
  matched: boolean;
  rules: RuleResult[];
}

export interface TestResult {
  matched: boolean;
  /** `address`, `criteria`, or the format whose job the check stands for. */
  matchedBy: string | null;
  status: string;
  /** A rule set, `default`, `anomaly`, `rpo`, or the format whose job's status counted. */
  statusSource: string;
  /** Why in words, beyond the rules (what the job's report said). */
  reasons?: string[];
  matching: CriteriaResult | null;
  statusGroups: Partial<Record<'success' | 'warning' | 'failure', CriteriaResult>>;
}

interface Props {
  /** The create body of the form as it is now. */
  body: () => Record<string, unknown>;
  /** A message to start with (the one a check is being created from). */
  initialMessageId?: number;
  /** Viewers may not run tests (the API refuses them). */
  readOnly: boolean;
  /** The API's validation errors of the form, with paths as the form knows them. */
  onIssues: (issues: { path: string; message: string }[]) => void;
}

const ruleText = (r: RuleResult) => `${fieldLabel(r.field)} ${(OPERATOR_LABELS[r.operator] ?? r.operator).toLowerCase()} "${r.value}"`;

function Rules({ title, result }: { title: string; result: CriteriaResult }) {
  return (
    <section class="test-group" aria-label={title}>
      <h4>
        {title} <span class={result.matched ? 'fired' : 'not-fired'}>{result.matched ? 'matched' : 'did not match'}</span>
      </h4>
      {result.rules.length === 0 ? (
        <p class="hint">No rules (a set without rules never matches).</p>
      ) : (
        <ul>
          {result.rules.map((r) => (
            <li key={r.index} class={r.matched ? 'fired' : 'not-fired'} data-fired={r.matched}>
              <span class="rule-result">{r.matched ? '✓ fired' : '✕ not fired'}</span> {ruleText(r)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

const GROUP_TITLES = { success: 'Success criteria', warning: 'Warning criteria', failure: 'Failure criteria' } as const;

const MATCHED_BY: Record<string, string> = { address: "sent to the check's address", criteria: 'the matching rules hold', comet: 'its Comet protected item' };
const matchedByText = (by: string | null) => MATCHED_BY[by ?? 'criteria'] ?? `its ${productOf(by!)} job`;

function sourceText(source: TestResult['statusSource']): string {
  if (source === 'default') return 'no status criteria matched: the default status applies';
  if (source === 'anomaly') return "a warning: the job's figures are off against its history";
  if (source === 'rpo') return 'a warning: no successful job for longer than the RPO';
  if (!['success', 'warning', 'failure'].includes(source)) return `taken from the ${productOf(source)} report`;
  return `decided by the ${source} criteria`;
}

function Result({ result }: { result: TestResult }) {
  return (
    <div class="test-result" data-testid="test-result">
      <p class="test-verdict">
        {result.matched ? (
          <strong class="fired">Belongs to this check ({matchedByText(result.matchedBy)})</strong>
        ) : (
          <strong class="not-fired">Does not belong to this check</strong>
        )}
      </p>
      <p>
        Status <StatusBadge status={result.status} />{' '}
        <span class="muted">{sourceText(result.statusSource)}</span>
        {!result.matched && <span class="muted"> (if it belonged)</span>}
      </p>
      {(result.reasons ?? []).length > 0 && (
        <ul class="reasons" aria-label="Reasons">
          {result.reasons!.map((r, i) => (
            <li key={i}>{r}</li>
          ))}
        </ul>
      )}
      {result.matching && <Rules title="Matching rules" result={result.matching} />}
      {(['failure', 'warning', 'success'] as const).map((g) => result.statusGroups[g] && <Rules key={g} title={GROUP_TITLES[g]} result={result.statusGroups[g]!} />)}
    </div>
  );
}

export function TestPanel({ body, initialMessageId, readOnly, onIssues }: Props) {
  const [source, setSource] = useState<'stored' | 'raw'>('stored');
  const [q, setQ] = useState('');
  const [messages, setMessages] = useState<MessageRow[]>([]);
  const [selected, setSelected] = useState<number | undefined>(initialMessageId);
  const [raw, setRaw] = useState('');
  const [result, setResult] = useState<{ result: TestResult; body: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [running, setRunning] = useState(false);

  useEffect(() => {
    const timer = setTimeout(async () => {
      try {
        const page = await api<{ items: MessageRow[] }>('GET', `/messages?limit=25${q.trim() ? `&q=${encodeURIComponent(q.trim())}` : ''}`);
        let items = page.items;
        if (selected && !q.trim() && !items.some((m) => m.id === selected)) {
          const m = await api<MessageRow>('GET', `/messages/${selected}`).catch(() => null);
          if (m) items = [m, ...items];
        }
        setMessages(items);
      } catch (e) {
        setError(e);
      }
    }, 250);
    return () => clearTimeout(timer);
  }, [q]);

  const run = async () => {
    const check = body();
    setRunning(true);
    setError(null);
    try {
      const input = source === 'stored' ? { messageId: selected } : { raw };
      const res = await api<TestResult>('POST', '/checks/test', { check, ...input });
      setResult({ result: res, body: JSON.stringify(check) });
      onIssues([]);
    } catch (e) {
      setResult(null);
      setError(e);
      if (e instanceof ApiError) onIssues(e.issues.filter((i) => i.path.startsWith('check.')).map((i) => ({ ...i, path: i.path.slice('check.'.length) })));
    } finally {
      setRunning(false);
    }
  };

  const ready = source === 'stored' ? selected !== undefined : raw.trim() !== '';
  const stale = result && result.body !== JSON.stringify(body());
  return (
    <aside class="panel test-panel" aria-labelledby="test-panel-title">
      <h2 id="test-panel-title">Test the rules</h2>
      <p class="hint">Runs the form as it is now, unsaved changes included, against a message. Nothing is stored.</p>
      <div class="tabs" role="tablist" aria-label="Message to test">
        <button type="button" role="tab" aria-selected={source === 'stored'} onClick={() => setSource('stored')}>
          Stored message
        </button>
        <button type="button" role="tab" aria-selected={source === 'raw'} onClick={() => setSource('raw')}>
          Paste a message
        </button>
      </div>
      {source === 'stored' ? (
        <div class="test-messages">
          <input type="search" aria-label="Search messages" placeholder="Search subject or sender…" value={q} onInput={(e) => setQ((e.target as HTMLInputElement).value)} />
          <ul class="message-picker" role="radiogroup" aria-label="Messages, newest first">
            {messages.map((m) => (
              <li key={m.id}>
                <label class={selected === m.id ? 'picked' : undefined}>
                  <input type="radio" name="test-message" checked={selected === m.id} onChange={() => setSelected(m.id)} />
                  <span>
                    <span class="picker-subject">{m.subject || '(no subject)'}</span>
                    <span class="muted picker-meta">
                      {formatTime(m.receivedAt)} · {m.from}
                      {!m.matched && ' · unmatched'}
                    </span>
                  </span>
                </label>
              </li>
            ))}
            {!messages.length && <li class="hint">No messages{q ? ' match' : ' yet'}.</li>}
          </ul>
        </div>
      ) : (
        <textarea
          class="mono"
          rows={10}
          aria-label="Raw message"
          placeholder={'From: backup@client.example\nTo: reports@…\nSubject: Success - Backup of "Documents"\n\nStatus: Success'}
          value={raw}
          onInput={(e) => setRaw((e.target as HTMLTextAreaElement).value)}
        />
      )}
      <p>
        <button type="button" class="primary" onClick={run} disabled={readOnly || !ready || running}>
          {running ? 'Testing…' : 'Run test'}
        </button>
        {readOnly && <span class="hint"> Testing rules needs an administrator.</span>}
      </p>
      <ErrorNote error={error} />
      {stale && <p class="notice-stale">The form changed since this result: run the test again.</p>}
      {result && <Result result={result.result} />}
    </aside>
  );
}
