import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { type ActivityRow, RulesFired } from '../components/ActivityWhy.js';
import type { CometJob } from '../components/Comet.js';
import { CometJobView } from '../components/CometJob.js';
import { MessageHtml } from '../components/MessageHtml.js';
import { MessageJobs } from '../components/MessageJobs.js';
import { ErrorNote, Page } from '../components/Page.js';
import { StatusBadge } from '../components/Status.js';
import { type Column, Table } from '../components/Table.js';
import { formatSize, formatTime } from '../format.js';
import { Link } from '../router.js';
import { useSession } from '../session.js';

interface Attachment {
  filename: string | null;
  contentType: string;
  size: number;
  text: string | null;
}

interface Message {
  id: number;
  receivedAt: string;
  mailFrom: string;
  rcptTo: string[];
  subject: string;
  from: string;
  to: string;
  date: string | null;
  size: number;
  matched: boolean;
  problems: string[];
  messageId: string | null;
  headers: { name: string; value: string }[];
  text: string;
  html: string | null;
  attachments: Attachment[];
  activities: ActivityRow[];
}

type Tab = 'text' | 'html' | 'headers' | 'attachments' | 'job';

type AttachmentRow = Attachment & { position: number };

const attachmentColumns = (messageId: number): Column<AttachmentRow>[] => [
  { key: 'filename', label: 'Name', value: (a) => a.filename ?? `attachment-${a.position}` },
  { key: 'contentType', label: 'Type' },
  { key: 'size', label: 'Size', value: (a) => a.size, render: (a) => formatSize(a.size) },
  {
    key: 'download',
    label: 'Download',
    sortable: false,
    value: () => '',
    render: (a) => (
      <a href={`/api/v1/messages/${messageId}/attachments/${a.position}`} download={a.filename ?? undefined}>
        Download
      </a>
    ),
  },
];

function Facts({ m }: { m: Message }) {
  const rows = [
    ['From', m.from],
    ['To', m.to],
    ['Envelope sender', m.mailFrom || '(empty)'],
    ['Envelope recipients', m.rcptTo.join(', ')],
    ['Date', m.date ? formatTime(m.date) : '(none or invalid)'],
    ['Received', formatTime(m.receivedAt)],
    ['Size', formatSize(m.size)],
    ['Message-ID', m.messageId ?? ''],
  ].filter(([, v]) => v) as [string, string][];
  return (
    <dl class="facts">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function BelongsTo({ m, isAdmin }: { m: Message; isAdmin: boolean }) {
  return (
    <section class="panel belongs-to" aria-labelledby="belongs-to">
      <h2 id="belongs-to">Checks</h2>
      {m.activities.length === 0 ? (
        <p class="muted">This message belongs to no check: it is kept as unmatched.</p>
      ) : (
        <ul class="message-activities">
          {m.activities.map((a) => (
            <li key={a.id} data-check={a.checkId}>
              <div class="message-activity-head">
                <Link href={`/checks/${a.checkId}`}>{a.checkName}</Link> <StatusBadge status={a.status} />
              </div>
              <RulesFired activity={a} />
            </li>
          ))}
        </ul>
      )}
      {isAdmin && (
        <p>
          <Link href={`/checks/new?fromMessage=${m.id}`}>Create check from this message</Link>
        </p>
      )}
    </section>
  );
}

/** One stored message: what arrived, which checks it belongs to and why, and its parts, with the HTML made inert. */
export function MessageView({ params }: { params: Record<string, string> }) {
  const { isAdmin } = useSession();
  const id = Number(params.id);
  const [message, setMessage] = useState<Message | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tab, setTab] = useState<Tab | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState('');
  const [job, setJob] = useState<CometJob | null>(null);

  useEffect(() => {
    setMessage(null);
    setError(null);
    setTab(null);
    api<Message>('GET', `/messages/${id}`).then(setMessage, setError);
  }, [id]);

  // Every activity of a Comet report tells of the same job, shown whole in its tab; every format's jobs are listed in MessageJobs.
  const jobId = message?.activities.find((a) => a.jobId)?.jobId ?? null;
  useEffect(() => {
    setJob(null);
    if (jobId) api<CometJob>('GET', `/jobs/${jobId}`).then((j) => setJob(j.format === 'comet' ? j : null), setError);
  }, [jobId]);

  const reparse = async () => {
    setBusy(true);
    setNotice('');
    try {
      const m = await api<Message>('POST', `/messages/${id}/reparse`);
      setMessage(m);
      setError(null);
      setNotice(`Reparsed: the message belongs to ${m.activities.length === 1 ? '1 check' : `${m.activities.length} checks`}.`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  if (!message) {
    return (
      <Page title="Message">
        <ErrorNote error={error} />
        {!error && <p class="loading">Loading…</p>}
      </Page>
    );
  }

  const m = message;
  const current: Tab = tab ?? (m.html ? 'html' : 'text');
  const texts = m.attachments.filter((a) => a.text);
  const tabs: [Tab, string][] = [
    ['text', 'Text'],
    ...(m.html ? ([['html', 'HTML']] as [Tab, string][]) : []),
    ['headers', `Headers (${m.headers.length})`],
    ['attachments', `Attachments (${m.attachments.length})`],
    ...(job ? ([['job', 'Comet job']] as [Tab, string][]) : []),
  ];

  return (
    <Page
      title={m.subject || '(no subject)'}
      actions={
        <>
          <a class="button" href={`/api/v1/messages/${m.id}/raw`}>
            Raw
          </a>
          {isAdmin && (
            <button type="button" onClick={reparse} disabled={busy}>
              {busy ? 'Reparsing…' : 'Reparse'}
            </button>
          )}
        </>
      }
    >
      <ErrorNote error={error} />
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <div class="columns message-top">
        <section class="panel" aria-label="Message details">
          <Facts m={m} />
          {job && (
            <p class="comet-job-line">
              Comet job:{' '}
              <button type="button" class="link-button" onClick={() => setTab('job')}>
                {job.type ?? 'Job'} of “{job.protectedItem}” on {job.device}, {job.statusText ?? job.cometStatus ?? 'no status'}
              </button>
            </p>
          )}
          {m.problems.length > 0 && (
            <div class="problems" role="note">
              <strong>Problems reading this message</strong>
              <ul>
                {m.problems.map((p, i) => (
                  <li key={i}>{p}</li>
                ))}
              </ul>
            </div>
          )}
        </section>
        <BelongsTo m={m} isAdmin={isAdmin} />
      </div>
      <MessageJobs key={`${m.id}:${m.activities.length}`} messageId={m.id} />

      <div class="tabs" role="tablist" aria-label="Message parts">
        {tabs.map(([t, label]) => (
          <button type="button" role="tab" key={t} id={`tab-${t}`} aria-selected={current === t} aria-controls="message-part" onClick={() => setTab(t)}>
            {label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id="message-part" aria-labelledby={`tab-${current}`}>
        {current === 'text' && <pre class="text">{m.text || '(no text)'}</pre>}
        {current === 'html' && m.html && <MessageHtml html={m.html} />}
        {current === 'headers' && (
          <dl class="headers">
            {m.headers.map((h, i) => (
              <div key={i}>
                <dt>{h.name}:</dt> <dd>{h.value}</dd>
              </div>
            ))}
          </dl>
        )}
        {current === 'job' && (job ? <CometJobView job={job} /> : <p class="loading">Loading…</p>)}
        {current === 'attachments' && (
          <>
            <Table
              id="attachments"
              columns={attachmentColumns(m.id)}
              rows={m.attachments.map((a, position) => ({ ...a, position }))}
              rowKey={(a) => a.position}
              empty="This message has no attachments."
            />
            {texts.length > 0 && (
              <section class="attachment-texts">
                <h2>Text of the attachments</h2>
                {texts.map((a, i) => (
                  <div key={i}>
                    <h3>{a.filename ?? 'attachment'}</h3>
                    <pre class="text">{a.text}</pre>
                  </div>
                ))}
              </section>
            )}
          </>
        )}
      </div>
    </Page>
  );
}
