import { apiAll } from '../api.js';
import { ErrorNote, Page } from '../components/Page.js';
import { type Column, Table } from '../components/Table.js';
import { formatSize, formatTime } from '../format.js';
import { useLiveData } from '../live.js';
import { Link, navigate } from '../router.js';
import { useSession } from '../session.js';

interface MessageRow {
  id: number;
  receivedAt: string;
  mailFrom: string;
  rcptTo: string[];
  subject: string;
  from: string;
  to: string;
  size: number;
}

/** Whether the envelope names someone the To and Cc headers do not (a Bcc, a forward, a plus-alias). */
const envelopeDiffers = (m: MessageRow) => m.to !== '' && m.rcptTo.some((r) => !m.to.toLowerCase().includes(r.toLowerCase()));

/** Links inside a clickable row go where they say, not where the row goes. */
const own = (e: Event) => e.stopPropagation();

const columns = (isAdmin: boolean): Column<MessageRow>[] => [
  { key: 'receivedAt', label: 'Received', render: (m) => formatTime(m.receivedAt) },
  { key: 'from', label: 'From', value: (m) => m.from || m.mailFrom },
  {
    key: 'to',
    label: 'To / envelope',
    value: (m) => (envelopeDiffers(m) ? `${m.to} (envelope: ${m.rcptTo.join(', ')})` : m.to || m.rcptTo.join(', ')),
    render: (m) => (
      <>
        {m.to || m.rcptTo.join(', ')}
        {envelopeDiffers(m) && <span class="envelope muted">envelope: {m.rcptTo.join(', ')}</span>}
      </>
    ),
  },
  { key: 'rcptTo', label: 'Envelope recipients', value: (m) => m.rcptTo.join(', '), hidden: true },
  { key: 'subject', label: 'Subject', render: (m) => (
      <span onClick={own}>
        <Link href={`/messages/${m.id}`}>{m.subject || '(no subject)'}</Link>
      </span>
    ),
  },
  { key: 'size', label: 'Size', value: (m) => m.size, render: (m) => formatSize(m.size) },
  ...(isAdmin
    ? [
        {
          key: 'create',
          label: 'Check',
          sortable: false,
          value: () => '',
          render: (m: MessageRow) => (
            <span onClick={own}>
              <Link href={`/checks/new?fromMessage=${m.id}`} class="button small">
                Create check from this message
              </Link>
            </span>
          ),
        },
      ]
    : []),
];

/** The messages no check claimed: see what arrived, and make a check for it. */
export function Unmatched(_: { params: Record<string, string> }) {
  const { isAdmin } = useSession();
  const { data: messages, error } = useLiveData(() => apiAll<MessageRow>('/messages?matched=false'), 500);

  return (
    <Page title="Unmatched messages">
      <p class="muted">Messages that belong to no check. Open one to read it, or create a check that claims messages like it.</p>
      <ErrorNote error={error} />
      <Table
        id="unmatched"
        columns={columns(isAdmin)}
        rows={messages ?? []}
        rowKey={(m) => m.id}
        loading={!messages}
        onRowClick={(m) => navigate(`/messages/${m.id}`)}
        empty="No unmatched messages: every report belongs to a check."
      />
    </Page>
  );
}
