import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channelContext } from '../../../../test/helpers/channels.js';
import { type FakeVendor, type Route, startFakeVendor, type VendorRequest } from '../../../../test/helpers/fake-vendor.js';
import { ticketRequests } from '../../../../test/helpers/ticket-requests.js';
import { gitlabTicketing } from './gitlab.ticketing.js';

interface Issue {
  project: string;
  iid: number;
  title: string;
  description: string;
  labels: string;
  state: 'opened' | 'closed';
  notes: { body: string; internal: boolean }[];
}

const TOKEN = 'glpat-backwatch';
// Projects by URL-encoded path, as the API takes them.
const PROJECT = /^\/api\/v4\/projects\/(\d+|[\w.-]+(?:%2F[\w.-]+)+)/;

/** What the Issues and Notes APIs (v4) take: the PRIVATE-TOKEN header, encoded project paths, the documented bodies. */
function check(req: VendorRequest): string | null {
  if (req.headers['private-token'] !== TOKEN) return 'missing or wrong PRIVATE-TOKEN';
  if (!req.path.startsWith('/api/v4/')) return 'not API v4';
  if (req.path.startsWith('/api/v4/projects/') && !PROJECT.test(req.path)) return 'a project path must be URL-encoded';
  const b = req.json;
  if (req.method === 'POST' && req.path.endsWith('/issues')) {
    if (typeof b?.title !== 'string' || !b.title || b.title.length > 255) return 'title is required, at most 255 characters';
    if (typeof b.description !== 'string' || typeof b.labels !== 'string') return 'description is a string, labels comma-separated';
  }
  if (req.path.endsWith('/notes') && (typeof b?.body !== 'string' || typeof b.internal !== 'boolean')) return 'body is required, internal a boolean';
  if (req.method === 'PUT' && !['close', 'reopen'].includes(b?.state_event)) return 'state_event is close or reopen';
  return null;
}

let vendor: FakeVendor;
let issues: Issue[];
const find = (p: string, iid: string) => issues.find((i) => i.project === decodeURIComponent(p) && i.iid === Number(iid));
const show = (i: Issue, status = 200) => ({ status, json: { iid: i.iid, state: i.state, web_url: `${vendor.url}/${i.project}/-/issues/${i.iid}` } });
const issueRoute = (method: string, rest: string, handle: (i: Issue, b: any) => void, status = 200): Route => [
  method,
  new RegExp(`${PROJECT.source}/issues/(\\d+)${rest}$`),
  ({ json }, [, p, iid]) => {
    const issue = find(p!, iid!);
    return issue ? (handle(issue, json), show(issue, status)) : { status: 404, json: { message: '404 Not found' } };
  },
];
const routes: Route[] = [
  ['GET', /^\/api\/v4\/projects\/acme%2Fbackups$/, () => ({ status: 200, json: { id: 17, path_with_namespace: 'acme/backups' } })],
  [
    'POST',
    new RegExp(`${PROJECT.source}/issues$`),
    ({ json }, [, p]) => {
      const issue: Issue = { project: decodeURIComponent(p!), iid: 7 + issues.length, state: 'opened', notes: [], ...json };
      issues.push(issue);
      return show(issue, 201);
    },
  ],
  issueRoute('GET', '', () => {}),
  issueRoute('POST', '/notes', (i, b) => i.notes.push(b), 201),
  issueRoute('PUT', '', (i) => (i.state = 'closed')),
];

beforeEach(async () => {
  issues = [];
  vendor = await startFakeVendor(routes, check);
});
afterEach(() => vendor.close());

const configure = (over: Record<string, unknown> = {}) => gitlabTicketing.config.parse({ url: vendor.url, token: TOKEN, project: 'acme/backups', ...over });
const ctx = channelContext();

describe('GitLab issues', () => {
  it('opens a labelled issue, adds internal notes, and closes it', async () => {
    const c = configure();
    const req = ticketRequests();
    const opened = await gitlabTicketing.open(c, req.open, ctx);
    expect(opened).toMatchObject({ ok: true, status: 201, ticket: { id: '7', url: `${vendor.url}/acme/backups/-/issues/7` } });
    const [issue] = issues;
    expect(issue).toMatchObject({ project: 'acme/backups', title: req.open.subject, labels: 'backwatch,priority::high' });
    expect(issue!.description).toBe(`\`\`\`text\n${req.open.body}\n\`\`\`\n\n[Open the check in backwatch](https://backwatch.example.com/checks/42)`);

    expect(await gitlabTicketing.note(c, opened.ticket!, req.note, ctx)).toMatchObject({ ok: true, status: 201 });
    expect(await gitlabTicketing.close(c, opened.ticket!, req.close, ctx)).toMatchObject({ ok: true, status: 200 });
    expect(issue!.notes.map((n) => n.internal)).toEqual([true, true]);
    expect(issue!.notes[0]!.body).toContain(req.note.body);
    expect(issue!.notes[1]!.body).toContain(req.close.body);
    expect(issue!.state).toBe('closed');
    expect(vendor.refused).toEqual([]);
  });

  it('files into the project of the check, and keeps to it for the issue it opened', async () => {
    const c = configure({ priorityLabels: { high: 'urgent', low: '' }, labels: ['backups', 'ops'], internalNotes: false });
    const opened = await gitlabTicketing.open(c, ticketRequests({ project: 'clients/client-b/infra' }).openWarning, ctx);
    expect(issues[0]).toMatchObject({ project: 'clients/client-b/infra', labels: 'backups,ops' });
    await gitlabTicketing.note(c, opened.ticket!, ticketRequests({ project: 'clients/elsewhere' }).note, ctx);
    expect(issues[0]!.notes).toMatchObject([{ internal: false }]);
    await gitlabTicketing.open(configure(), ticketRequests().openWarning, ctx);
    expect(issues[1]!.labels).toBe('backwatch,priority::low');
    await gitlabTicketing.open(configure({ project: '4021' }), ticketRequests().open, ctx);
    expect(issues[2]!.project).toBe('4021');
    expect(vendor.refused).toEqual([]);
  });

  it('writes nothing to an issue a person closed', async () => {
    const c = configure();
    const req = ticketRequests();
    const opened = await gitlabTicketing.open(c, req.open, ctx);
    issues[0]!.state = 'closed';
    const writes = vendor.requests.length;
    expect(await gitlabTicketing.note(c, opened.ticket!, req.note, ctx)).toEqual({ ok: true, status: 200, alreadyClosed: true });
    expect(await gitlabTicketing.close(c, opened.ticket!, req.close, ctx)).toEqual({ ok: true, status: 200, alreadyClosed: true });
    expect(vendor.requests.slice(writes).map((r) => r.method)).toEqual(['GET', 'GET']);
    expect(issues[0]!.notes).toEqual([]);
  });

  it('retries through an outage, but not a refusal or a missing project', async () => {
    const c = configure();
    const req = ticketRequests();
    vendor.down = { status: 503 };
    expect(await gitlabTicketing.open(c, req.open, ctx)).toMatchObject({ ok: false, retryable: true, status: 503 });
    vendor.down = null;
    const opened = await gitlabTicketing.open(c, req.open, ctx);
    expect(opened.ok).toBe(true);
    vendor.down = { status: 429 };
    expect(await gitlabTicketing.note(c, opened.ticket!, req.note, ctx)).toMatchObject({ ok: false, retryable: true, status: 429 });
    vendor.down = { status: 403, json: { message: '403 Forbidden' } };
    expect(await gitlabTicketing.close(c, opened.ticket!, req.close, ctx)).toMatchObject({ ok: false, retryable: false, status: 403 });
    vendor.down = null;
    expect(await gitlabTicketing.open(configure({ project: undefined }), req.open, ctx)).toMatchObject({ ok: false, retryable: false });
    expect(issues).toHaveLength(1);
  });

  it('verifies the token against the project', async () => {
    expect(await gitlabTicketing.verify(configure(), ctx)).toMatchObject({ ok: true, status: 200 });
    expect(vendor.requests[0]).toMatchObject({ method: 'GET', path: '/api/v4/projects/acme%2Fbackups' });
    expect(() => configure({ labels: ['a,b'] })).toThrow(/no commas/);
    expect(vendor.refused).toEqual([]);
  });
});
