import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channelContext } from '../../../../test/helpers/channels.js';
import { type FakeVendor, type Route, startFakeVendor, type VendorRequest } from '../../../../test/helpers/fake-vendor.js';
import { expectLostAnswerAdopted, expectNothingFound } from '../../../../test/helpers/lost-answer.js';
import { MARKER, ticketRequests } from '../../../../test/helpers/ticket-requests.js';
import { settingProblems } from '../tickets.lookups.js';
import { redmineTicketing } from './redmine.ticketing.js';

interface Issue {
  id: number;
  project: { id: number; identifier: string };
  subject: string;
  description: string;
  priority_id?: number;
  tracker_id?: number;
  status_id: number;
  journals: { notes: string; private_notes?: boolean }[];
}

const KEY = 'e4c1f6b7d2a94a1c8f0e';
const PROJECTS = [
  { id: 1, identifier: 'acme' },
  { id: 7, identifier: 'client-b' },
];
/** What /projects.json lists beyond those: 150 client projects, and a closed one. */
const LISTED = [
  { id: 1, identifier: 'acme', name: 'Acme', status: 1 },
  { id: 7, identifier: 'client-b', name: 'Client B', status: 1 },
  ...Array.from({ length: 150 }, (_, n) => ({ id: 100 + n, identifier: `client-${100 + n}`, name: `Client ${100 + n}`, status: 1 })),
  { id: 99, identifier: 'old-client', name: 'Old client', status: 5 },
];
const TRACKERS = [
  { id: 1, name: 'Bug' },
  { id: 3, name: 'Support' },
];
const PRIORITIES = [
  { id: 1, name: 'Low', is_default: false, active: true },
  { id: 2, name: 'Normal', is_default: true, active: true },
  { id: 4, name: 'Urgent', is_default: false, active: true },
  { id: 8, name: 'Someday', is_default: false, active: false },
];
/** Redmine's default statuses: 5 Closed and 6 Rejected are closed ones. */
const STATUSES: Record<number, { name: string; is_closed: boolean }> = {
  1: { name: 'New', is_closed: false },
  2: { name: 'In Progress', is_closed: false },
  5: { name: 'Closed', is_closed: true },
  6: { name: 'Rejected', is_closed: true },
};
const CREATE_FIELDS = ['project_id', 'subject', 'description', 'priority_id', 'tracker_id', 'status_id'];
const UPDATE_FIELDS = ['notes', 'private_notes', 'status_id'];
const isId = (v: unknown) => v === undefined || (Number.isInteger(v) && (v as number) > 0);

/** What Redmine's REST API takes: the X-Redmine-API-Key header, .json paths, and {"issue": {…}} bodies of the documented fields. */
function check(req: VendorRequest): string | null {
  if (req.headers['x-redmine-api-key'] !== KEY) return 'missing or wrong X-Redmine-API-Key';
  if (!req.path.startsWith('/redmine/') || !req.path.endsWith('.json')) return 'not a JSON API path under the sub-URI';
  if (req.method === 'GET') return getProblem(req);
  if (req.headers['content-type'] !== 'application/json') return 'not JSON';
  const issue = req.json?.issue;
  if (!issue || typeof issue !== 'object' || Object.keys(req.json).join() !== 'issue') return 'the body must be {"issue": {…}}';
  const allowed = req.method === 'POST' ? CREATE_FIELDS : UPDATE_FIELDS;
  if (Object.keys(issue).some((k) => !allowed.includes(k))) return `unexpected fields ${Object.keys(issue)}`;
  if (!isId(issue.status_id) || !isId(issue.priority_id) || !isId(issue.tracker_id)) return 'ids are positive integers';
  if (req.method === 'POST') {
    if (!(isId(issue.project_id) || /^[a-z][a-z0-9_-]*$/.test(issue.project_id))) return 'project_id is an id or an identifier';
    if (typeof issue.subject !== 'string' || issue.subject.length > 255 || typeof issue.description !== 'string') return 'subject (up to 255) and description are strings';
  } else if (typeof issue.notes !== 'string' || (issue.private_notes !== undefined && typeof issue.private_notes !== 'boolean')) return 'notes is a string, private_notes a boolean';
  return null;
}

/** The documented query parameters of the lists (Rest_Projects, Rest_Search; the others take none) and their values. */
const GET_PARAMS: Record<string, Record<string, RegExp>> = {
  '/redmine/projects.json': { offset: /^\d+$/, limit: /^([1-9]\d?|100)$/, include: /^[a-z_,]+$/ },
  '/redmine/search.json': {
    q: /\S/,
    offset: /^\d+$/,
    limit: /^([1-9]\d?|100)$/,
    scope: /^(all|my_projects|subprojects)$/,
    attachments: /^(0|1|only)$/,
    ...Object.fromEntries(['all_words', 'titles_only', 'issues', 'news', 'documents', 'changesets', 'wiki_pages', 'messages', 'projects', 'open_issues'].map((k) => [k, /^[01]$/])),
  },
  '/redmine/trackers.json': {},
  '/redmine/issue_statuses.json': {},
  '/redmine/enumerations/issue_priorities.json': {},
};
function getProblem(req: VendorRequest): string | null {
  const allowed = GET_PARAMS[req.path] ?? (/^\/redmine\/(issues\/\d+|projects\/[\w-]+|users\/current)\.json$/.test(req.path) ? {} : null);
  if (!allowed) return 'an undocumented list';
  for (const [name, value] of req.query) if (!allowed[name]?.test(value)) return `undocumented parameter or value ${name}=${value}`;
  return null;
}

/** Redmine's search: every word (all_words, the default) in the subject, the description or a note, of open and closed issues. */
function search(q: URLSearchParams) {
  const words = (q.get('q') ?? '').split(/\s+/).filter(Boolean).map((w) => w.toLowerCase());
  const titlesOnly = q.get('titles_only') === '1';
  const found = issues.filter((i) => {
    const text = (titlesOnly ? [i.subject] : [i.subject, i.description, ...i.journals.map((j) => j.notes)]).join('\n').toLowerCase();
    return words.length > 0 && words.every((w) => text.includes(w)) && (q.get('open_issues') !== '1' || !STATUSES[i.status_id]!.is_closed);
  });
  const offset = Number(q.get('offset') ?? 0);
  const limit = Number(q.get('limit') ?? 25);
  const results = found
    .sort((a, b) => b.id - a.id)
    .slice(offset, offset + limit)
    .map((i) => ({ id: i.id, title: `Bug #${i.id} (${STATUSES[i.status_id]!.name}): ${i.subject}`, type: STATUSES[i.status_id]!.is_closed ? 'issue closed' : 'issue', url: `${vendor.url}/redmine/issues/${i.id}`, description: i.description, datetime: '2026-12-08T01:00:00Z' }));
  return { status: 200, json: { results, total_count: found.length, offset, limit } };
}

let vendor: FakeVendor;
let issues: Issue[];
/** Redmine before 5.1 does not say whether a status is closed. */
let statusSaysClosed: boolean;
/** Statuses the workflow lets the API user set; Redmine ignores any other, silently. */
let workflow: number[];

const show = (i: Issue) => ({
  id: i.id,
  project: { id: i.project.id, name: i.project.identifier },
  subject: i.subject,
  status: { id: i.status_id, name: STATUSES[i.status_id]!.name, ...(statusSaysClosed ? { is_closed: STATUSES[i.status_id]!.is_closed } : {}) },
});
const issueRoute = (method: string, handle: (req: VendorRequest, i: Issue) => { status: number; json?: unknown }): Route => [
  method,
  /^\/redmine\/issues\/(\d+)\.json$/,
  (req, [, id]) => {
    const issue = issues.find((i) => i.id === Number(id));
    return issue ? handle(req, issue) : { status: 404, json: { errors: ['Not found'] } };
  },
];
const projectOf = (p: unknown) => PROJECTS.find((x) => x.id === p || x.identifier === p);
const routes: Route[] = [
  ['GET', /^\/redmine\/users\/current\.json$/, () => ({ status: 200, json: { user: { id: 3, login: 'backwatch' } } })],
  ['GET', /^\/redmine\/search\.json$/, ({ query }) => search(query)],
  [
    'GET',
    /^\/redmine\/projects\.json$/,
    ({ query }) => {
      const offset = Number(query.get('offset') ?? 0);
      const limit = Number(query.get('limit') ?? 25);
      return { status: 200, json: { projects: LISTED.slice(offset, offset + limit), total_count: LISTED.length, offset, limit } };
    },
  ],
  ['GET', /^\/redmine\/trackers\.json$/, () => ({ status: 200, json: { trackers: TRACKERS } })],
  ['GET', /^\/redmine\/issue_statuses\.json$/, () => ({ status: 200, json: { issue_statuses: Object.entries(STATUSES).map(([id, s]) => ({ id: Number(id), ...s })) } })],
  ['GET', /^\/redmine\/enumerations\/issue_priorities\.json$/, () => ({ status: 200, json: { issue_priorities: PRIORITIES } })],
  ['GET', /^\/redmine\/projects\/([\w-]+)\.json$/, (_, [, p]) => (projectOf(/^\d+$/.test(p!) ? Number(p) : p) ? { status: 200, json: { project: projectOf(p) } } : { status: 404, json: {} })],
  [
    'POST',
    /^\/redmine\/issues\.json$/,
    ({ json: { issue } }) => {
      const project = projectOf(issue.project_id);
      if (!project) return { status: 422, json: { errors: ['Project cannot be blank'] } };
      if (issue.priority_id === 99) return { status: 422, json: { errors: ['Priority cannot be blank', 'Priority is not included in the list'] } };
      const { project_id: _, status_id = 1, ...rest } = issue;
      const created: Issue = { id: 30 + issues.length, project, status_id, journals: [], ...rest };
      issues.push(created);
      return { status: 201, json: { issue: show(created) } };
    },
  ],
  issueRoute('GET', (_, i) => ({ status: 200, json: { issue: show(i) } })),
  issueRoute('PUT', ({ json: { issue } }, i) => {
    i.journals.push({ notes: issue.notes, ...(issue.private_notes !== undefined ? { private_notes: issue.private_notes } : {}) });
    if (issue.status_id && workflow.includes(issue.status_id)) i.status_id = issue.status_id;
    return { status: 204 };
  }),
];

beforeEach(async () => {
  issues = [];
  statusSaysClosed = true;
  workflow = [1, 2, 5, 6];
  vendor = await startFakeVendor(routes, check);
});
afterEach(() => vendor.close());

const configure = (over: Record<string, unknown> = {}) =>
  redmineTicketing.config.parse({ apiUrl: `${vendor.url}/redmine/`, apiKey: KEY, projectId: 'acme', closedStatusId: 5, textFormatting: 'textile', ...over });
const ctx = channelContext();
const LINK = 'https://backwatch.example.com/checks/42';

describe('Redmine issues', () => {
  it('opens an issue, adds notes, and closes it with the closing status', async () => {
    const c = configure({ priorities: { high: 4, low: 1 }, trackerId: 3 });
    const req = ticketRequests();
    const opened = await redmineTicketing.open(c, req.open, ctx);
    expect(opened).toMatchObject({ ok: true, status: 201, ticket: { id: '30', url: `${vendor.url}/redmine/issues/30` } });
    const [issue] = issues;
    expect(issue).toMatchObject({ project: { identifier: 'acme' }, subject: req.open.subject, priority_id: 4, tracker_id: 3, status_id: 1 });
    expect(issue!.description).toBe(`<pre>\n${req.open.body}\n</pre>\n\n"Open the check in backwatch":${LINK}\n\n%{color:gray}${req.open.marker}%`);

    expect(await redmineTicketing.note(c, opened.ticket!, req.note, ctx)).toEqual({ ok: true, status: 204 });
    expect(issue!.status_id).toBe(1);
    expect(await redmineTicketing.close(c, opened.ticket!, req.close, ctx)).toEqual({ ok: true, status: 200 });
    expect(issue!.journals.map((j) => j.notes)).toEqual([
      `<pre>\n${req.note.body}\n</pre>\n\n"Open the check in backwatch":${LINK}`,
      `<pre>\n${req.close.body}\n</pre>\n\n"Open the check in backwatch":${LINK}`,
    ]);
    expect(issue!.journals.every((j) => !('private_notes' in j))).toBe(true);
    expect(issue!.status_id).toBe(5);
    // Read, note; read, note with the closing status, read again to see it closed.
    expect(vendor.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /redmine/issues.json',
      'GET /redmine/issues/30.json',
      'PUT /redmine/issues/30.json',
      'GET /redmine/issues/30.json',
      'PUT /redmine/issues/30.json',
      'GET /redmine/issues/30.json',
    ]);
    expect(vendor.requests[4]!.json).toEqual({ issue: { notes: issue!.journals[1]!.notes, status_id: 5 } });
    expect(vendor.refused).toEqual([]);
  });

  it("files into the check's project (id or identifier), with the settings' tracker, status, priority and private notes", async () => {
    const c = configure({ priorities: { high: 4 }, statusId: 2, privateNotes: true, webUrl: 'https://redmine.acme.example/' });
    const opened = await redmineTicketing.open(c, ticketRequests({ projectId: 'client-b' }).openWarning, ctx);
    expect(opened.ticket).toEqual({ id: '30', url: 'https://redmine.acme.example/issues/30' });
    expect(issues[0]).toMatchObject({ project: { identifier: 'client-b' }, status_id: 2 });
    expect(issues[0]).not.toHaveProperty('priority_id');
    await redmineTicketing.note(c, opened.ticket!, ticketRequests({ projectId: 'elsewhere' }).note, ctx);
    expect(issues[0]!.journals).toMatchObject([{ private_notes: true }]);

    await redmineTicketing.open(configure(), ticketRequests({ projectId: '7' }).open, ctx);
    expect(vendor.requests.at(-1)!.json.issue.project_id).toBe(7);
    expect(issues[1]!.project.identifier).toBe('client-b');
    await redmineTicketing.open(configure(), ticketRequests().open, ctx);
    expect(issues[2]!.project.identifier).toBe('acme');
    expect(vendor.refused).toEqual([]);

    const sent = vendor.requests.length;
    expect(await redmineTicketing.open(c, ticketRequests({ projectId: 'Client B' }).open, ctx)).toMatchObject({ ok: false, retryable: false, error: expect.stringContaining('projectId') });
    expect(await redmineTicketing.open(configure({ projectId: undefined }), ticketRequests().open, ctx)).toMatchObject({ ok: false, retryable: false, error: expect.stringContaining('no Redmine project') });
    expect(vendor.requests).toHaveLength(sent);
    expect(() => configure({ apiUrl: undefined })).toThrow();
    expect(() => configure({ closedStatusId: undefined })).toThrow();
    expect(() => configure({ textFormatting: 'wiki' })).toThrow();
    expect(() => configure({ closedStatusIds: [6] })).toThrow(/must include closedStatusId/);
    expect(configure({ closedStatusIds: [] }).closedStatusIds).toEqual([]);
  });

  it('writes nothing to an issue a person closed or deleted', async () => {
    const c = configure();
    const req = ticketRequests();
    const first = await redmineTicketing.open(c, req.open, ctx);
    issues[0]!.status_id = 6;
    const writes = vendor.requests.length;
    expect(await redmineTicketing.note(c, first.ticket!, req.note, ctx)).toEqual({ ok: true, status: 200, alreadyClosed: true });
    expect(await redmineTicketing.close(c, first.ticket!, req.close, ctx)).toEqual({ ok: true, status: 200, alreadyClosed: true });
    expect(vendor.requests.slice(writes).map((r) => r.method)).toEqual(['GET', 'GET']);
    expect(issues[0]!.journals).toEqual([]);

    const second = await redmineTicketing.open(c, req.open, ctx);
    issues.splice(1, 1);
    expect(await redmineTicketing.close(c, second.ticket!, req.close, ctx)).toEqual({ ok: true, alreadyClosed: true });
    expect(vendor.refused).toEqual([]);
  });

  it('tells a closed issue by closedStatusIds where the API does not say (no is_closed)', async () => {
    statusSaysClosed = false;
    const req = ticketRequests();
    const c = configure({ closedStatusIds: [5, 6] });
    const opened = await redmineTicketing.open(c, req.open, ctx);
    expect(await redmineTicketing.note(c, opened.ticket!, req.note, ctx)).toEqual({ ok: true, status: 204 });
    issues[0]!.status_id = 6;
    expect(await redmineTicketing.note(c, opened.ticket!, req.note, ctx)).toEqual({ ok: true, status: 200, alreadyClosed: true });
    issues[0]!.status_id = 2;
    expect(await redmineTicketing.close(configure(), opened.ticket!, req.close, ctx)).toEqual({ ok: true, status: 200 });
    expect(issues[0]!.status_id).toBe(5);
    expect(issues[0]!.journals).toHaveLength(2);
    expect(vendor.refused).toEqual([]);
  });

  it('reports a close the workflow ignored instead of recording it', async () => {
    workflow = [1, 2];
    const c = configure();
    const req = ticketRequests();
    const opened = await redmineTicketing.open(c, req.open, ctx);
    const closed = await redmineTicketing.close(c, opened.ticket!, req.close, ctx);
    expect(closed).toMatchObject({ ok: false, retryable: false, error: expect.stringContaining('kept the issue open') });
    expect(issues[0]).toMatchObject({ status_id: 1, journals: [{}] });
  });

  it("retries through an outage, but not a refusal, and says what Redmine said", async () => {
    const c = configure();
    const req = ticketRequests();
    vendor.down = { status: 502, text: 'Bad Gateway' };
    expect(await redmineTicketing.open(c, req.open, ctx)).toMatchObject({ ok: false, retryable: true, status: 502, error: 'Redmine create issue: HTTP 502' });
    vendor.down = null;
    const opened = await redmineTicketing.open(c, req.open, ctx);
    vendor.down = { status: 429, headers: { 'retry-after': '5' } };
    expect(await redmineTicketing.note(c, opened.ticket!, req.note, ctx)).toMatchObject({ ok: false, retryable: true, status: 429, error: 'Redmine issue: HTTP 429 (retry after 5 s)' });
    vendor.down = { status: 401 };
    expect(await redmineTicketing.close(c, opened.ticket!, req.close, ctx)).toMatchObject({ ok: false, retryable: false, status: 401 });
    vendor.down = { status: 403, json: { errors: ['You are not authorized to access this page.'] } };
    expect(await redmineTicketing.note(c, opened.ticket!, req.note, ctx)).toMatchObject({ ok: false, retryable: false, status: 403 });
    vendor.down = null;
    expect(await redmineTicketing.open(c, ticketRequests({ projectId: 'nowhere' }).open, ctx)).toMatchObject({
      ok: false,
      retryable: false,
      status: 422,
      error: 'Redmine create issue: HTTP 422: Project cannot be blank',
    });
    expect(await redmineTicketing.open(configure({ priorities: { high: 99 } }), req.open, ctx)).toMatchObject({
      error: 'Redmine create issue: HTTP 422: Priority cannot be blank; Priority is not included in the list',
    });
    expect(await redmineTicketing.note(c, { id: '#30', url: null }, req.note, ctx)).toMatchObject({ ok: false, retryable: false });
    expect(issues).toHaveLength(1);
    expect(issues[0]!.journals).toEqual([]);
    expect(vendor.refused).toEqual([]);
  });

  it('adopts the issue a create made when its answer was lost, and finds none where there is none', async () => {
    const c = configure({ textFormatting: 'common_mark' });
    await expectNothingFound({ adapter: redmineTicketing, config: c, ctx, vendor });
    const ticket = await expectLostAnswerAdopted({
      adapter: redmineTicketing,
      config: c,
      vendor,
      ctx,
      isCreate: (r) => r.method === 'POST' && r.path === '/redmine/issues.json',
      tickets: () => issues,
    });
    expect(ticket).toEqual({ id: '30', url: `${vendor.url}/redmine/issues/30` });
    expect(issues[0]).toMatchObject({ status_id: 5, journals: [{}, {}] });
    expect(issues[0]!.description.endsWith(`\n\n<!-- ${MARKER} -->`)).toBe(true);
    const searched = vendor.requests.find((r) => r.path === '/redmine/search.json')!;
    expect(Object.fromEntries(searched.query)).toEqual({ q: MARKER, scope: 'all', issues: '1', titles_only: '0', limit: '25' });
  });

  it('adopts only the issue that holds the marker itself, closed or open', async () => {
    const c = configure();
    const req = ticketRequests();
    // Incident 41-70, whose marker begins with this one's, and a note quoting this marker.
    await redmineTicketing.open(c, { ...req.open, marker: `${MARKER}0` }, ctx);
    const other = await redmineTicketing.open(c, { ...req.open, marker: 'backwatch-incident-40-7' }, ctx);
    await redmineTicketing.note(c, other.ticket!, { ...req.note, body: `see ${MARKER}` }, ctx);
    expect(await redmineTicketing.find!(c, req.open, ctx)).toEqual({ ok: true, status: 200 });
    await redmineTicketing.open(c, req.open, ctx);
    issues[2]!.status_id = 6;
    expect(await redmineTicketing.find!(c, req.open, ctx)).toEqual({ ok: true, status: 200, ticket: { id: '32', url: `${vendor.url}/redmine/issues/32` } });
    vendor.down = { status: 503 };
    expect(await redmineTicketing.find!(c, req.open, ctx)).toMatchObject({ ok: false, retryable: true });
    expect(vendor.refused).toEqual([]);
  });

  it('lists projects as Redmine pages them, searched by name or identifier, and the trackers, statuses and priorities', async () => {
    const c = configure();
    const all = { search: null, page: null, parent: null };
    const projects = redmineTicketing.lookups!.projects!;
    const first = await projects.list(c, all, ctx);
    expect(first).toMatchObject({ ok: true, nextPage: '100' });
    expect(first.ok && first.items.slice(0, 2)).toEqual([
      { id: '1', name: 'Acme', also: ['acme'] },
      { id: '7', name: 'Client B', also: ['client-b'] },
    ]);
    const second = await projects.list(c, { ...all, page: '100' }, ctx);
    // The closed project takes no issue.
    expect(second).toMatchObject({ ok: true, nextPage: null });
    expect(second.ok && second.items.map((p) => p.also![0])).toEqual(Array.from({ length: 52 }, (_, n) => `client-${198 + n}`));
    expect(await projects.list(c, { ...all, search: 'Client B' }, ctx)).toMatchObject({ items: [{ id: '7', name: 'Client B' }], nextPage: '100' });
    expect(vendor.requests.map((r) => r.query.toString())).toEqual(['offset=0&limit=100', 'offset=100&limit=100', 'offset=0&limit=100']);

    const lookups = redmineTicketing.lookups!;
    expect(await lookups.trackers!.list(c, { ...all, search: 'sup' }, ctx)).toEqual({ ok: true, items: [{ id: '3', name: 'Support' }], nextPage: null });
    expect(await lookups.statuses!.list(c, all, ctx)).toMatchObject({ items: [{ id: '1', name: 'New' }, {}, { id: '5', name: 'Closed' }, {}] });
    const priorities = await lookups.priorities!.list(c, all, ctx);
    expect(priorities.ok && priorities.items.map((p) => p.name)).toEqual(['Low', 'Normal', 'Urgent']);
    expect(vendor.refused).toEqual([]);
  });

  it('names the settings the Redmine does not have', async () => {
    const good = configure({ projectId: 'client-249', trackerId: 3, priorities: { high: 4, low: 1 }, statusId: 2, closedStatusIds: [5, 6] });
    expect(await settingProblems(redmineTicketing, good, ctx)).toEqual([]);
    // The project by its numeric id checks too.
    expect(await settingProblems(redmineTicketing, configure({ projectId: '7' }), ctx)).toEqual([]);
    const bad = configure({ projectId: 'old-client', trackerId: 2, priorities: { high: 8 }, closedStatusIds: [5, 9] });
    expect(await settingProblems(redmineTicketing, bad, ctx)).toEqual([
      { path: 'projectId', message: 'no project "old-client"' },
      { path: 'trackerId', message: 'no tracker "2"' },
      { path: 'closedStatusIds', message: 'no issue status "9"' },
      { path: 'priorities.high', message: 'no issue priority "8"' },
    ]);
    vendor.down = { status: 503 };
    expect(await settingProblems(redmineTicketing, bad, ctx)).toEqual([]);
    expect(vendor.refused).toEqual([]);
  });

  it('verifies the key, and the default project when there is one', async () => {
    expect(await redmineTicketing.verify(configure(), ctx)).toMatchObject({ ok: true, status: 200 });
    expect(await redmineTicketing.verify(configure({ projectId: undefined }), ctx)).toMatchObject({ ok: true, status: 200 });
    expect(vendor.requests.map((r) => r.path)).toEqual(['/redmine/users/current.json', '/redmine/projects/acme.json', '/redmine/users/current.json']);
    expect(await redmineTicketing.verify(configure({ projectId: 'gone' }), ctx)).toMatchObject({ ok: false, retryable: false, status: 404 });
    expect(vendor.refused).toEqual([]);
  });
});

// ---- Report text stays inert -------------------------------------------------------------------

const ZWSP = /\u200B/g;

/** Report text that tries every way out of its block: closing tags and fences, macros, links, mentions, quotes. */
const HOSTILE = [
  'Status: Error </pre> <pre> <notextile>*bold*</notextile> </code> <code>x</code> <script>alert(1)</script>',
  '```',
  '@admin see {{include(Secrets)}} and {{collapse(More)',
  '}}',
  '~~~~',
  'a`',
  '> quoted',
  '``b @@admin, mail ops@acme.example',
  '"click":https://evil.example [[Wiki]] [x](javascript:alert(1)) #1 r42 commit:abc123 document#3',
  '    indented @everyone',
  '  ```',
  '</PRE>',
].join('\n');

/** Redmine's own rule for mentions (Acts::Mentionable#scan_for_mentioned_users), on the raw text as it is stored (CR LF); 'none' skips no block. */
function mentioned(stored: string, formatting: string): string[] {
  let content = stored.replace(/\n/g, '\r\n').replace(/\r\n(?:>\s)+([\s\S]*?)\r\n/g, '');
  if (formatting === 'textile') content = content.replace(/<pre>([\s\S]*?)<\/pre>/g, '');
  if (formatting === 'markdown' || formatting === 'common_mark') content = content.replace(/(~~~|```)([\s\S]*?)(~~~|```)/g, '');
  return [...content.matchAll(/(?:^|[^A-Za-z0-9_])@([A-Za-z0-9_\-@.]*?)(?=(?=[!-/:-@[-`{-~][^A-Za-z0-9_/])|\s|[!-/:-@[-`{-~]?$)/gm)].map((m) => m[1]!);
}

describe('Redmine text', () => {
  for (const textFormatting of ['textile', 'markdown', 'common_mark'] as const) {
    it(`keeps hostile report text inside its block (${textFormatting})`, async () => {
      const c = configure({ textFormatting });
      const opened = await redmineTicketing.open(c, { ...ticketRequests().open, body: HOSTILE }, ctx);
      await redmineTicketing.note(c, opened.ticket!, { ...ticketRequests().note, body: HOSTILE }, ctx);
      // The description ends with the marker's line (hidden but for Textile); the rest is as a note is.
      const markerLine = textFormatting === 'textile' ? `%{color:gray}${MARKER}%` : `<!-- ${MARKER} -->`;
      expect(issues[0]!.description.endsWith(`\n\n${markerLine}`)).toBe(true);
      for (const text of [issues[0]!.description.slice(0, -markerLine.length - 2), issues[0]!.journals[0]!.notes]) {
        const lines = text.split('\n');
        const link = textFormatting === 'textile' ? `"Open the check in backwatch":${LINK}` : `[Open the check in backwatch](${LINK})`;
        expect(lines.slice(-2)).toEqual(['', link]);
        const block = lines.slice(0, -2);
        const content = block.slice(1, -1).join('\n');
        // It reads as it was written: only zero-width spaces were added.
        expect(content.replace(ZWSP, '')).toBe(HOSTILE);
        if (textFormatting === 'textile') {
          expect([block[0], block.at(-1)]).toEqual(['<pre>', '</pre>']);
          // No tag at all inside, so nothing opens or closes a block (RedCloth matches pre, code, notextile, kbd in any case).
          expect(content).not.toMatch(/<[^\u200B]/);
        } else {
          expect([block[0], block.at(-1)]).toEqual(['```', '```']);
          // Redcarpet ends a fence at any line starting with three backticks or tildes; the mention scan pairs them anywhere.
          expect(content).not.toMatch(/```|~~~/);
        }
        // Redmine's mention scan finds no one, and would not even without skipping the block.
        expect(mentioned(text, textFormatting)).toEqual([]);
        expect(mentioned(text, 'none')).toEqual([]);
        // An email address stays as it was.
        expect(content).toContain('ops@acme.example');
      }
      expect(vendor.refused).toEqual([]);
    });
  }
});
