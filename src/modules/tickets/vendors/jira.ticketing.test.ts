import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channelContext } from '../../../../test/helpers/channels.js';
import { type FakeVendor, type Route, startFakeVendor, type VendorRequest } from '../../../../test/helpers/fake-vendor.js';
import { ticketRequests } from '../../../../test/helpers/ticket-requests.js';
import { jiraTicketing, wikiText } from './jira.ticketing.js';

const CLOUD = { email: 'ops@msp.example', apiToken: 'ATATT3xFfGF0-test-token' };
const PAT = 'NjE0OTMxNjU5ODk3OnRlc3QtdG9rZW4';

interface Issue {
  fields: Record<string, any>;
  done: boolean;
  comments: { body: string; public?: boolean }[];
}

let fake: FakeVendor;
let issues: Map<string, Issue>;
let authorization: string;

/** Refuses what REST API v2 (and Service Management's comment API) documents no shape for. */
function jiraShape(req: VendorRequest): string | null {
  if (!/^\/rest\/(api\/2|servicedeskapi)\//.test(req.path)) return 'not REST API v2';
  if (req.headers.authorization !== authorization) return `authorization ${req.headers.authorization ?? 'missing'}`;
  if (req.method === 'GET') return null;
  if (req.headers['content-type'] !== 'application/json') return 'not JSON';
  const f = req.json?.fields;
  if (req.path === '/rest/api/2/issue') {
    if (typeof f?.project?.key !== 'string' || typeof f.issuetype?.name !== 'string') return 'project and issue type are required';
    if (typeof f.summary !== 'string' || !f.summary || f.summary.length > 255 || f.summary.includes('\n')) return 'summary: one line, 1 to 255 characters';
    if (typeof f.description !== 'string') return 'v2 takes the description as a string';
    if (f.labels !== undefined && (!Array.isArray(f.labels) || f.labels.some((l: unknown) => typeof l !== 'string' || /\s/.test(l)))) return 'labels are strings without spaces';
    if (f.priority !== undefined && typeof f.priority?.name !== 'string') return 'priority goes by name';
    return null;
  }
  if (req.path.endsWith('/comment')) return typeof req.json?.body === 'string' && req.json.body ? null : 'v2 takes a comment body as a string';
  return typeof req.json?.transition?.id === 'string' ? null : 'a transition goes by id';
}

const KEY = '([A-Z]+-\\d+)';
const issue = (m: RegExpMatchArray) => issues.get(m[1]!)!;
const comment = (req: VendorRequest, m: RegExpMatchArray) => (issue(m).comments.push(req.json), { status: 201, json: { id: '10010' } });
const routes: Route[] = [
  ['POST', /^\/rest\/api\/2\/issue$/, (req) => {
    if (!['OPS', 'ACME'].includes(req.json.fields.project.key)) return { status: 400, json: { errors: { project: 'valid project is required' } } };
    const key = `${req.json.fields.project.key}-${issues.size + 1}`;
    issues.set(key, { fields: req.json.fields, done: false, comments: [] });
    return { status: 201, json: { id: String(10000 + issues.size), key, self: `${fake.url}/rest/api/2/issue/${key}` } };
  }],
  ['GET', new RegExp(`^/rest/api/2/issue/${KEY}$`), (_, m) => {
    if (!issues.has(m[1]!)) return { status: 404, json: { errorMessages: ['Issue does not exist or you do not have permission to see it.'] } };
    return { status: 200, json: { key: m[1], fields: { status: { name: issue(m).done ? 'Done' : 'To Do', statusCategory: { key: issue(m).done ? 'done' : 'new' } } } } };
  }],
  ['POST', new RegExp(`^/rest/api/2/issue/${KEY}/comment$`), comment],
  ['POST', new RegExp(`^/rest/servicedeskapi/request/${KEY}/comment$`), comment],
  ['GET', /\/transitions$/, () => ({ status: 200, json: { transitions: [{ id: '21', name: 'In Progress' }, { id: '31', name: 'Done' }] } })],
  ['POST', new RegExp(`^/rest/api/2/issue/${KEY}/transitions$`), (req, m) => ((issue(m).done = req.json.transition.id === '31'), { status: 204 })],
  ['GET', /^\/rest\/api\/2\/myself$/, () => ({ status: 200, json: { accountId: '5b10a2844c20165700ede21g', active: true } })],
  ['GET', /^\/rest\/api\/2\/project\/(\w+)$/, (_, m) => (m[1] === 'OPS' ? { status: 200, json: { key: 'OPS' } } : { status: 404, json: { errorMessages: ['No project could be found'] } })],
];

beforeEach(async () => {
  issues = new Map();
  authorization = `Basic ${Buffer.from(`${CLOUD.email}:${CLOUD.apiToken}`).toString('base64')}`;
  fake = await startFakeVendor(routes, jiraShape);
});
afterEach(() => fake.close());

const cloud = (over: Record<string, unknown> = {}) => jiraTicketing.config.parse({ url: `${fake.url}/`, ...CLOUD, projectKey: 'OPS', ...over });
const ctx = () => channelContext();
const posted = (suffix: string) => fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith(suffix));

describe('Jira', () => {
  it('opens an issue, comments while the problem lasts, and closes it by transition', async () => {
    const req = ticketRequests({ issueType: 'Incident' });
    const c = cloud({ assetField: 'customfield_10050' });
    const opened = await jiraTicketing.open(c, req.open, ctx());
    expect(opened).toEqual({ ok: true, status: 201, ticket: { id: 'OPS-1', url: `${fake.url}/browse/OPS-1` } });
    expect(issues.get('OPS-1')!.fields).toEqual({
      project: { key: 'OPS' },
      issuetype: { name: 'Incident' },
      summary: 'Failure: User01: Documents (Acme Corp)',
      description: wikiText(req.open.body),
      labels: ['backwatch'],
      priority: { name: 'High' },
      customfield_10050: 'WS-0042',
    });
    expect(issues.get('OPS-1')!.fields.description).toContain('Report: Error \\- Backup of "Documents"\n');
    expect(await jiraTicketing.note(c, opened.ticket!, req.note, ctx())).toEqual({ ok: true, status: 201 });
    expect(await jiraTicketing.close(c, opened.ticket!, req.close, ctx())).toEqual({ ok: true, status: 204 });
    expect(issues.get('OPS-1')).toMatchObject({ done: true, comments: [{ body: wikiText(req.note.body) }, { body: wikiText(req.close.body) }] });
    expect(fake.refused).toEqual([]);
  });

  it('opens a warning with the low priority in the project the check names, leaving out what is set to none', async () => {
    const { openWarning } = ticketRequests({ projectKey: 'ACME' });
    expect(await jiraTicketing.open(cloud(), openWarning, ctx())).toMatchObject({ ok: true, ticket: { id: 'ACME-1' } });
    expect(issues.get('ACME-1')!.fields).toMatchObject({ issuetype: { name: 'Task' }, priority: { name: 'Low' }, summary: 'Warning: User01: Documents (Acme Corp)' });
    expect(issues.get('ACME-1')!.fields.description).toContain('Asset: WS-0042');
    await jiraTicketing.open(cloud({ priorities: { low: null }, labels: [] }), openWarning, ctx());
    expect(issues.get('ACME-2')!.fields).not.toHaveProperty('priority');
    expect(issues.get('ACME-2')!.fields).not.toHaveProperty('labels');
    expect(fake.refused).toEqual([]);
  });

  it('writes nothing to an issue a person closed or deleted', async () => {
    const req = ticketRequests();
    const { ticket } = await jiraTicketing.open(cloud(), req.open, ctx());
    issues.get('OPS-1')!.done = true;
    expect(await jiraTicketing.note(cloud(), ticket!, req.note, ctx())).toEqual({ ok: true, alreadyClosed: true });
    expect(await jiraTicketing.close(cloud(), ticket!, req.close, ctx())).toEqual({ ok: true, alreadyClosed: true });
    expect(await jiraTicketing.note(cloud(), { id: 'OPS-99', url: null }, req.note, ctx())).toEqual({ ok: true, alreadyClosed: true });
    expect(posted('/comment')).toEqual([]);
    expect(posted('/transitions')).toEqual([]);
  });

  it('takes a Data Center personal access token, and comments internally in Service Management', async () => {
    authorization = `Bearer ${PAT}`;
    const c = jiraTicketing.config.parse({ url: fake.url, personalAccessToken: PAT, projectKey: 'OPS', serviceManagement: true, closeTransition: 'done' });
    const req = ticketRequests();
    const { ticket } = await jiraTicketing.open(c, req.open, ctx());
    expect(await jiraTicketing.close(c, ticket!, req.close, ctx())).toMatchObject({ ok: true });
    expect(issues.get('OPS-1')).toMatchObject({ done: true, comments: [{ body: wikiText(req.close.body), public: false }] });
    expect(fake.refused).toEqual([]);
  });

  it('refuses to close without a transition of the configured name, writing nothing', async () => {
    const req = ticketRequests();
    const { ticket } = await jiraTicketing.open(cloud(), req.open, ctx());
    const outcome = await jiraTicketing.close(cloud({ closeTransition: 'Resolve Issue' }), ticket!, req.close, ctx());
    expect(outcome).toMatchObject({ ok: false, retryable: false, error: expect.stringContaining('it offers "In Progress", "Done"') });
    expect(issues.get('OPS-1')).toMatchObject({ done: false, comments: [] });
  });

  it('retries through an outage, but not a refusal', async () => {
    const req = ticketRequests();
    fake.down = { status: 503 };
    expect(await jiraTicketing.open(cloud(), req.open, ctx())).toMatchObject({ ok: false, retryable: true, status: 503, error: 'Jira create issue: HTTP 503' });
    fake.down = null;
    expect(await jiraTicketing.open(cloud(), req.open, ctx())).toMatchObject({ ok: true, ticket: { id: 'OPS-1' } });
    expect(await jiraTicketing.open(cloud(), ticketRequests({ projectKey: 'NOPE' }).open, ctx())).toMatchObject({ ok: false, retryable: false, status: 400 });
    expect(await jiraTicketing.open(cloud({ projectKey: undefined }), req.open, ctx())).toMatchObject({ ok: false, retryable: false, error: expect.stringContaining('projectKey') });
  });

  it('verifies the credentials on the project, or on the user without one', async () => {
    expect(await jiraTicketing.verify(cloud(), ctx())).toEqual({ ok: true, status: 200 });
    expect(await jiraTicketing.verify(cloud({ projectKey: undefined }), ctx())).toEqual({ ok: true, status: 200 });
    expect(fake.requests.map((r) => r.path)).toEqual(['/rest/api/2/project/OPS', '/rest/api/2/myself']);
    expect(await jiraTicketing.verify(cloud({ apiToken: 'wrong' }), ctx())).toMatchObject({ ok: false, retryable: false });
  });

  it('takes one kind of credential', () => {
    expect(() => cloud({ personalAccessToken: PAT })).toThrow(/personal access token/);
    expect(() => jiraTicketing.config.parse({ url: 'https://acme.atlassian.net' })).toThrow(/personal access token/);
    expect(() => cloud({ email: undefined })).toThrow(/go together/);
  });

  it('escapes wiki markup outside words and URLs', () => {
    expect(wikiText('[Failed] Job (x) *all* -gone- ok! !img.png! ??c?? {code} a|b')).toBe('\\[Failed\\] Job \\(x) \\*all\\* \\-gone\\- ok! \\!img.png! \\??c\\?? \\{code\\} a\\|b');
    expect(wikiText('# item\nWS-0042 file_name 2026-11-20 https://x.example/a_b-c?d=e#f')).toBe('\\# item\nWS-0042 file_name 2026-11-20 https://x.example/a_b-c?d=e#f');
  });
});
