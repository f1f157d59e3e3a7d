import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channelContext } from '../../../../test/helpers/channels.js';
import { type FakeVendor, type Route, startFakeVendor, type VendorRequest } from '../../../../test/helpers/fake-vendor.js';
import { expectLostAnswerAdopted, expectNothingFound } from '../../../../test/helpers/lost-answer.js';
import { MARKER, ticketRequests } from '../../../../test/helpers/ticket-requests.js';
import { settingProblems } from '../tickets.lookups.js';
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

/** The query parameters each GET documents, and the JQL this fake understands (a project and a label or a description phrase). */
const GET_PARAMS: [RegExp, string[]][] = [
  [/^\/rest\/api\/2\/search\/jql$/, ['jql', 'nextPageToken', 'maxResults', 'fields', 'expand', 'properties', 'fieldsByKeys', 'failFast', 'reconcileIssues']],
  [/^\/rest\/api\/2\/search$/, ['jql', 'startAt', 'maxResults', 'validateQuery', 'fields', 'expand', 'properties', 'fieldsByKeys']],
  [/^\/rest\/api\/2\/project\/search$/, ['startAt', 'maxResults', 'orderBy', 'id', 'keys', 'query', 'typeKey', 'categoryId', 'action', 'expand', 'status', 'properties']],
  [/^\/rest\/api\/2\/project$/, ['expand', 'recent', 'properties', 'includeArchived', 'browseArchive']],
  [/^\/rest\/api\/2\/project\/\w+$/, ['expand', 'properties']],
  [/^\/rest\/api\/2\/priority\/search$/, ['startAt', 'maxResults', 'id', 'projectId', 'priorityName', 'onlyDefault', 'expand']],
  [/^\/rest\/api\/2\/priority$/, []],
  [/^\/rest\/api\/2\/issue\/[A-Z]+-\d+$/, ['fields', 'expand', 'properties', 'fieldsByKeys', 'updateHistory']],
  [/^\/rest\/api\/2\/issue\/[A-Z]+-\d+\/transitions$/, ['expand', 'transitionId', 'skipRemoteOnlyCondition', 'includeUnavailableTransitions', 'sortByOpsBarAndStatus']],
  [/^\/rest\/api\/2\/myself$/, ['expand']],
];
const JQL = /^project = "([A-Z][A-Z0-9]*)" AND (?:labels = "([^"\\]+)"|description ~ "\\"([^"\\]+)\\"") ORDER BY created ASC$/;
const CLOUD_ONLY = ['/rest/api/2/search/jql', '/rest/api/2/project/search', '/rest/api/2/priority/search'];

function getShape(req: VendorRequest): string | null {
  const params = GET_PARAMS.find(([path]) => path.test(req.path))?.[1];
  if (!params) return `no documented GET ${req.path}`;
  const unknown = [...req.query.keys()].find((k) => !params.includes(k));
  if (unknown) return `${req.path} takes no ${unknown}`;
  const dataCenter = req.headers.authorization?.startsWith('Bearer ');
  if (dataCenter && CLOUD_ONLY.includes(req.path)) return `Data Center has no ${req.path}`;
  // Cloud removed the old search; its replacement pages by token.
  if (!dataCenter && req.path === '/rest/api/2/search') return 'Cloud removed /rest/api/2/search: use /rest/api/2/search/jql';
  if (req.path.startsWith('/rest/api/2/search') && !JQL.test(req.query.get('jql') ?? '')) return `JQL this fake does not understand: ${req.query.get('jql')}`;
  for (const n of ['startAt', 'maxResults']) if (req.query.has(n) && !/^\d+$/.test(req.query.get(n)!)) return `${n} is a number`;
  if (Number(req.query.get('maxResults') ?? 0) > 100 && !req.path.startsWith('/rest/api/2/search')) return 'maxResults is at most 100';
  if (req.query.has('orderBy') && !/^[-+]?(category|issueCount|key|lastIssueUpdatedDate|name|owner|archivedDate|deletedDate)$/.test(req.query.get('orderBy')!)) return 'orderBy names a project field';
  return null;
}

/** Refuses what REST API v2 (and Service Management's comment API) documents no shape for. */
function jiraShape(req: VendorRequest): string | null {
  if (!/^\/rest\/(api\/2|servicedeskapi)\//.test(req.path)) return 'not REST API v2';
  if (req.headers.authorization !== authorization) return `authorization ${req.headers.authorization ?? 'missing'}`;
  if (req.method === 'GET') return req.path.startsWith('/rest/api/2/') ? getShape(req) : null;
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
const PROJECTS = [
  { key: 'ACME', name: 'Acme Corp' },
  { key: 'OPS', name: 'Operations' },
  ...Array.from({ length: 58 }, (_, n) => ({ key: `CL${String(n).padStart(2, '0')}`, name: `Client ${n}` })),
].sort((a, b) => a.key.localeCompare(b.key));
const PRIORITIES = ['Highest', 'High', 'Medium', 'Low', 'Lowest'].map((name, n) => ({ id: String(n + 1), name, statusColor: '#cccccc' }));
const ISSUE_TYPES = [
  { id: '10001', name: 'Task', subtask: false },
  { id: '10002', name: 'Incident', subtask: false },
  { id: '10003', name: 'Sub-task', subtask: true },
];
/** Jira's offset pages: startAt and maxResults in, isLast out. */
const offsetPage = <T>(all: T[], q: URLSearchParams) => {
  const startAt = Number(q.get('startAt') ?? 0);
  const maxResults = Number(q.get('maxResults') ?? 50);
  const values = all.slice(startAt, startAt + maxResults);
  return { status: 200, json: { self: '', startAt, maxResults, total: all.length, isLast: startAt + values.length >= all.length, values } };
};
const contains = (text: string, part: string | null) => !part || text.toLowerCase().includes(part.toLowerCase());
/** The issues a JQL of the shape the fake knows selects, oldest first. */
const selected = (jql: string) => {
  const [, project, label, phrase] = jql.match(JQL)!;
  return [...issues.entries()]
    .filter(([key, i]) => key.startsWith(`${project}-`) && (label ? (i.fields.labels ?? []).includes(label) : i.fields.description.includes(phrase!)))
    .map(([key, i], n) => ({ id: String(10001 + n), key, fields: { labels: i.fields.labels ?? [], description: i.fields.description } }));
};
const routes: Route[] = [
  ['GET', /^\/rest\/api\/2\/search\/jql$/, ({ query }) => ({ status: 200, json: { issues: selected(query.get('jql')!).slice(0, Number(query.get('maxResults') ?? 50)) } })],
  ['GET', /^\/rest\/api\/2\/search$/, ({ query }) => ({ status: 200, json: { startAt: 0, maxResults: 50, total: selected(query.get('jql')!).length, issues: selected(query.get('jql')!) } })],
  ['GET', /^\/rest\/api\/2\/project\/search$/, ({ query }) => offsetPage(PROJECTS.filter((p) => contains(p.key, query.get('query')) || contains(p.name, query.get('query'))), query)],
  ['GET', /^\/rest\/api\/2\/project$/, () => ({ status: 200, json: PROJECTS })],
  ['GET', /^\/rest\/api\/2\/priority\/search$/, ({ query }) => offsetPage(PRIORITIES.filter((p) => contains(p.name, query.get('priorityName'))), query)],
  ['GET', /^\/rest\/api\/2\/priority$/, () => ({ status: 200, json: PRIORITIES })],
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
  ['GET', /^\/rest\/api\/2\/project\/(\w+)$/, (_, m) => {
    const project = PROJECTS.find((p) => p.key === m[1]);
    return project ? { status: 200, json: { ...project, issueTypes: ISSUE_TYPES } } : { status: 404, json: { errorMessages: ['No project could be found with key'] } };
  }],
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
      labels: ['backwatch', MARKER],
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
    expect(issues.get('ACME-2')!.fields.description).toBe(`${wikiText(openWarning.body)}\n\n${MARKER}`);
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

  it('adopts the issue a create made when its answer was lost, by its label on Cloud, and finds none where there is none', async () => {
    const c = cloud();
    await expectNothingFound({ adapter: jiraTicketing, config: c, ctx: ctx(), vendor: fake });
    const ticket = await expectLostAnswerAdopted({
      adapter: jiraTicketing,
      config: c,
      vendor: fake,
      ctx: ctx(),
      isCreate: (r) => r.method === 'POST' && r.path === '/rest/api/2/issue',
      tickets: () => [...issues.values()],
    });
    expect(ticket).toEqual({ id: 'OPS-1', url: `${fake.url}/browse/OPS-1` });
    expect(issues.get('OPS-1')).toMatchObject({ done: true, comments: [{}, {}] });
    const searches = fake.requests.filter((r) => r.path === '/rest/api/2/search/jql');
    expect(searches.map((r) => r.query.get('jql'))).toEqual(Array(2).fill(`project = "OPS" AND labels = "${MARKER}" ORDER BY created ASC`));
  });

  it('finds the marker in the description on Data Center where labels are set to none, and not in another project', async () => {
    authorization = `Bearer ${PAT}`;
    const c = jiraTicketing.config.parse({ url: fake.url, personalAccessToken: PAT, projectKey: 'OPS', labels: [] });
    await expectLostAnswerAdopted({
      adapter: jiraTicketing,
      config: c,
      vendor: fake,
      ctx: ctx(),
      isCreate: (r) => r.method === 'POST' && r.path === '/rest/api/2/issue',
      tickets: () => [...issues.values()],
    });
    expect(issues.get('OPS-1')!.fields).not.toHaveProperty('labels');
    expect(fake.requests.filter((r) => r.path === '/rest/api/2/search')[0]!.query.get('jql')).toBe(`project = "OPS" AND description ~ "\\"${MARKER}\\"" ORDER BY created ASC`);
    await expectNothingFound({ adapter: jiraTicketing, config: c, ctx: ctx(), vendor: fake, fields: { projectKey: 'ACME' } });
  });

  it('does not adopt an issue that only mentions the marker among other words', async () => {
    const c = cloud({ labels: [] });
    const req = ticketRequests();
    issues.set('OPS-1', { fields: { project: { key: 'OPS' }, description: `see ${MARKER}-2 and ${MARKER}` }, done: false, comments: [] });
    expect(await jiraTicketing.find!(c, req.open, ctx())).toEqual({ ok: true, status: 200 });
    fake.down = { status: 503 };
    expect(await jiraTicketing.find!(c, req.open, ctx())).toMatchObject({ ok: false, retryable: true });
  });

  it('lists projects (paged and searched on Cloud, whole on Data Center), a project\'s issue types and the priorities', async () => {
    const { projects, types, priorities } = jiraTicketing.lookups!;
    const query = { search: null, page: null, parent: null };
    const first = await projects!.list(cloud(), query, ctx());
    expect(first).toMatchObject({ ok: true, nextPage: '50' });
    expect(first.ok && first.items.slice(0, 2)).toEqual([{ id: 'ACME', name: 'Acme Corp' }, { id: 'CL00', name: 'Client 0' }]);
    const second = await projects!.list(cloud(), { ...query, page: '50' }, ctx());
    expect(second).toMatchObject({ ok: true, nextPage: null });
    expect(second.ok && second.items).toHaveLength(10);
    const searched = await projects!.list(cloud(), { ...query, search: 'operat' }, ctx());
    expect(searched).toEqual({ ok: true, items: [{ id: 'OPS', name: 'Operations' }], nextPage: null });

    expect(await types!.list(cloud(), query, ctx())).toMatchObject({ ok: false, retryable: false, error: 'choose a project first' });
    const typed = await types!.list(cloud(), { ...query, parent: 'OPS' }, ctx());
    expect(typed).toEqual({ ok: true, items: [{ id: 'Task', name: 'Task' }, { id: 'Incident', name: 'Incident' }], nextPage: null });
    expect(await types!.list(cloud(), { ...query, parent: 'OPS', search: 'inc' }, ctx())).toMatchObject({ items: [{ id: 'Incident' }] });

    expect(await priorities!.list(cloud(), { ...query, search: 'high' }, ctx())).toEqual({ ok: true, items: [{ id: 'Highest', name: 'Highest' }, { id: 'High', name: 'High' }], nextPage: null });
    expect(fake.refused).toEqual([]);

    authorization = `Bearer ${PAT}`;
    const dc = jiraTicketing.config.parse({ url: fake.url, personalAccessToken: PAT });
    const all = await projects!.list(dc, { ...query, search: 'client 5' }, ctx());
    expect(all).toMatchObject({ ok: true, nextPage: null });
    expect(all.ok && all.items.map((p) => p.id)).toEqual(['CL05', ...Array.from({ length: 8 }, (_, n) => `CL5${n}`)]);
    expect(await priorities!.list(dc, query, ctx())).toMatchObject({ ok: true, items: { length: 5 }, nextPage: null });
    expect(fake.requests.slice(-2).map((r) => r.path)).toEqual(['/rest/api/2/project', '/rest/api/2/priority']);
    expect(fake.refused).toEqual([]);
  });

  it('names the settings a site does not have', async () => {
    expect(await settingProblems(jiraTicketing, cloud({ projectKey: 'CL57', issueType: 'incident', priorities: { high: 'Highest', low: null } }), ctx())).toEqual([]);
    expect(await settingProblems(jiraTicketing, cloud({ projectKey: 'OPS', issueType: 'Bug', priorities: { high: 'Urgent' } }), ctx())).toEqual([
      { path: 'issueType', message: 'no issue type "Bug" for projectKey OPS' },
      { path: 'priorities.high', message: 'no priority "Urgent"' },
    ]);
    expect(await settingProblems(jiraTicketing, cloud({ projectKey: 'GONE' }), ctx())).toEqual([{ path: 'projectKey', message: 'no project "GONE"' }]);
    fake.down = { status: 503 };
    expect(await settingProblems(jiraTicketing, cloud({ projectKey: 'GONE' }), ctx())).toEqual([]);
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
