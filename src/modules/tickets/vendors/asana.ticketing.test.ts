import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channelContext } from '../../../../test/helpers/channels.js';
import { type FakeVendor, type Route, startFakeVendor, type VendorRequest } from '../../../../test/helpers/fake-vendor.js';
import { ticketRequests } from '../../../../test/helpers/ticket-requests.js';
import { asanaTicketing } from './asana.ticketing.js';

interface Task {
  gid: string;
  name: string;
  notes: string;
  projects: string[];
  assignee?: string;
  tags?: string[];
  completed: boolean;
  stories: string[];
}

const TOKEN = '2/1201/1209:asana-pat';
const PROJECTS = ['1200', '1300'];
const TASK_FIELDS = ['name', 'notes', 'projects', 'workspace', 'assignee', 'tags'];
const OPT_FIELDS = ['gid', 'name', 'completed', 'permalink_url'];
const isGid = (v: unknown) => typeof v === 'string' && /^\d+$/.test(v);

/**
 * What the Asana API (1.0) takes: a bearer token, bodies wrapped in {"data": …}, tasks with a name,
 * plain-text notes and projects (or a workspace), stories with plain text, and updates of `completed`.
 */
function check(req: VendorRequest): string | null {
  if (req.headers.authorization !== `Bearer ${TOKEN}`) return 'missing or wrong Authorization';
  if (!req.path.startsWith('/api/1.0/')) return 'not API 1.0';
  const fields = req.query.get('opt_fields');
  if (fields !== null && !fields.split(',').every((f) => OPT_FIELDS.includes(f))) return `unknown opt_fields ${fields}`;
  if (req.method === 'GET') return req.body ? 'a GET has no body' : null;
  if (req.headers['content-type'] !== 'application/json') return 'not JSON';
  const b = req.json;
  if (!b || typeof b !== 'object' || Object.keys(b).join() !== 'data' || typeof b.data !== 'object' || !b.data) return 'the body must be {"data": {…}}';
  const d = b.data;
  if (req.method === 'POST' && req.path === '/api/1.0/tasks') {
    if (Object.keys(d).some((k) => !TASK_FIELDS.includes(k))) return `unexpected task fields ${Object.keys(d)}`;
    if (typeof d.name !== 'string' || !d.name || typeof d.notes !== 'string') return 'name and notes are strings';
    if (!(Array.isArray(d.projects) && d.projects.length && d.projects.every(isGid)) && !isGid(d.workspace)) return 'a task needs projects (gids) or a workspace';
    if (d.assignee !== undefined && typeof d.assignee !== 'string') return 'assignee is a gid, an email or "me"';
    if (d.tags !== undefined && !(Array.isArray(d.tags) && d.tags.every(isGid))) return 'tags are gids';
  }
  if (req.path.endsWith('/stories') && (Object.keys(d).join() !== 'text' || typeof d.text !== 'string' || !d.text)) return 'a comment is {text}';
  if (req.method === 'PUT' && (Object.keys(d).join() !== 'completed' || typeof d.completed !== 'boolean')) return 'only completed is updated here';
  return null;
}

let vendor: FakeVendor;
let tasks: Task[];
const notFound = (what: string) => ({ status: 404, json: { errors: [{ message: `${what}: Not a recognized ID`, help: 'For more information on API status codes and how to handle them, read the docs on errors' }] } });
/** Asana answers the gid and the fields asked for. */
const answer = (req: VendorRequest, record: Record<string, unknown>, status = 200) => {
  const fields = req.query.get('opt_fields')?.split(',') ?? Object.keys(record);
  return { status, json: { data: Object.fromEntries(Object.entries(record).filter(([k]) => k === 'gid' || fields.includes(k))) } };
};
const view = (t: Task) => ({ gid: t.gid, name: t.name, completed: t.completed, permalink_url: `https://app.asana.com/1/1201/project/${t.projects[0]}/task/${t.gid}` });
const taskRoute = (method: string, rest: string, handle: (req: VendorRequest, t: Task) => ReturnType<typeof answer>): Route => [
  method,
  new RegExp(`^/api/1.0/tasks/(\\d+)${rest}$`),
  (req, [, gid]) => {
    const task = tasks.find((t) => t.gid === gid);
    return task ? handle(req, task) : notFound('task');
  },
];
const routes: Route[] = [
  ['GET', /^\/api\/1.0\/users\/me$/, (req) => answer(req, { gid: '1209', name: 'backwatch' })],
  ['GET', /^\/api\/1.0\/projects\/(\d+)$/, (req, [, gid]) => (PROJECTS.includes(gid!) ? answer(req, { gid: gid!, name: 'Backups' }) : notFound('project'))],
  [
    'POST',
    /^\/api\/1.0\/tasks$/,
    (req) => {
      const d = req.json.data;
      const unknown = d.projects.find((p: string) => !PROJECTS.includes(p));
      if (unknown) return { status: 400, json: { errors: [{ message: `projects: [0]: Not a recognized ID: ${unknown}` }] } };
      const task: Task = { gid: String(1_210_000 + tasks.length), completed: false, stories: [], ...d };
      tasks.push(task);
      return answer(req, view(task), 201);
    },
  ],
  taskRoute('GET', '', (req, t) => answer(req, view(t))),
  taskRoute('POST', '/stories', (req, t) => {
    t.stories.push(req.json.data.text);
    return answer(req, { gid: String(1_290_000 + t.stories.length), text: req.json.data.text }, 201);
  }),
  taskRoute('PUT', '', (req, t) => ((t.completed = req.json.data.completed), answer(req, view(t)))),
];

beforeEach(async () => {
  tasks = [];
  vendor = await startFakeVendor(routes, check);
});
afterEach(() => vendor.close());

const configure = (over: Record<string, unknown> = {}) => asanaTicketing.config.parse({ apiUrl: `${vendor.url}/api/1.0`, token: TOKEN, projectGid: '1200', ...over });
const ctx = channelContext();

describe('Asana tasks', () => {
  it('opens a task in the project, comments on it, and completes it', async () => {
    const c = configure({ assignee: 'ops@acme.example', priorityTags: { high: '9001' } });
    const req = ticketRequests();
    const opened = await asanaTicketing.open(c, req.open, ctx);
    expect(opened).toMatchObject({ ok: true, status: 201, ticket: { id: '1210000', url: 'https://app.asana.com/1/1201/project/1200/task/1210000' } });
    const [task] = tasks;
    expect(task).toMatchObject({ name: req.open.subject, notes: req.open.body, projects: ['1200'], assignee: 'ops@acme.example', tags: ['9001'], completed: false });

    expect(await asanaTicketing.note(c, opened.ticket!, req.note, ctx)).toMatchObject({ ok: true, status: 201 });
    expect(task!.completed).toBe(false);
    expect(await asanaTicketing.close(c, opened.ticket!, req.close, ctx)).toMatchObject({ ok: true, status: 200 });
    expect(task!.stories).toEqual([req.note.body, req.close.body]);
    expect(task!.completed).toBe(true);
    // Each write reads the task first: it is left alone once a person completed it.
    expect(vendor.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /api/1.0/tasks',
      'GET /api/1.0/tasks/1210000',
      'POST /api/1.0/tasks/1210000/stories',
      'GET /api/1.0/tasks/1210000',
      'POST /api/1.0/tasks/1210000/stories',
      'PUT /api/1.0/tasks/1210000',
    ]);
    expect(vendor.refused).toEqual([]);
  });

  it("files into the check's project, and adds only the priority's tag that is set", async () => {
    const c = configure({ priorityTags: { high: '9001' } });
    await asanaTicketing.open(c, ticketRequests({ projectGid: '1300' }).openWarning, ctx);
    expect(tasks[0]).toMatchObject({ projects: ['1300'] });
    expect(tasks[0]).not.toHaveProperty('tags');
    expect(tasks[0]).not.toHaveProperty('assignee');
    await asanaTicketing.open(configure({ priorityTags: { low: '9002' } }), ticketRequests().openWarning, ctx);
    expect(tasks[1]).toMatchObject({ projects: ['1200'], tags: ['9002'] });
    expect(vendor.refused).toEqual([]);

    // A field that is not a gid, or no project at all, is refused before anything is sent.
    const sent = vendor.requests.length;
    expect(await asanaTicketing.open(c, ticketRequests({ projectGid: 'Acme backups' }).open, ctx)).toMatchObject({ ok: false, retryable: false, error: expect.stringContaining('projectGid') });
    expect(await asanaTicketing.open(configure({ projectGid: undefined }), ticketRequests().open, ctx)).toMatchObject({ ok: false, retryable: false, error: expect.stringContaining('no Asana project') });
    expect(vendor.requests).toHaveLength(sent);
    expect(() => configure({ assignee: 'ops team' })).toThrow(/a user gid, an email or/);
  });

  it('writes nothing to a task a person completed or deleted', async () => {
    const c = configure();
    const req = ticketRequests();
    const first = await asanaTicketing.open(c, req.open, ctx);
    tasks[0]!.completed = true;
    const writes = vendor.requests.length;
    expect(await asanaTicketing.note(c, first.ticket!, req.note, ctx)).toEqual({ ok: true, status: 200, alreadyClosed: true });
    expect(await asanaTicketing.close(c, first.ticket!, req.close, ctx)).toEqual({ ok: true, status: 200, alreadyClosed: true });
    expect(vendor.requests.slice(writes).map((r) => r.method)).toEqual(['GET', 'GET']);
    expect(tasks[0]!.stories).toEqual([]);

    const second = await asanaTicketing.open(c, req.open, ctx);
    tasks.splice(1, 1);
    expect(await asanaTicketing.note(c, second.ticket!, req.note, ctx)).toEqual({ ok: true, alreadyClosed: true });
    expect(await asanaTicketing.close(c, second.ticket!, req.close, ctx)).toEqual({ ok: true, alreadyClosed: true });
    expect(vendor.refused).toEqual([]);
  });

  it('retries through an outage or a rate limit, but not a refusal, and says what Asana said', async () => {
    const c = configure();
    const req = ticketRequests();
    vendor.down = { status: 503, text: 'unavailable' };
    expect(await asanaTicketing.open(c, req.open, ctx)).toMatchObject({ ok: false, retryable: true, status: 503 });
    vendor.down = null;
    const opened = await asanaTicketing.open(c, req.open, ctx);
    vendor.down = { status: 429, headers: { 'retry-after': '30' }, json: { errors: [{ message: 'You have made too many requests recently.' }] } };
    expect(await asanaTicketing.note(c, opened.ticket!, req.note, ctx)).toEqual(
      expect.objectContaining({ ok: false, retryable: true, status: 429, error: 'Asana task: HTTP 429 (retry after 30 s): You have made too many requests recently.' }),
    );
    vendor.down = { status: 403, json: { errors: [{ message: 'You do not have access to this task.' }] } };
    expect(await asanaTicketing.close(c, opened.ticket!, req.close, ctx)).toMatchObject({ ok: false, retryable: false, status: 403, error: 'Asana task: HTTP 403: You do not have access to this task.' });
    vendor.down = { status: 401, json: { errors: [{ message: 'Not Authorized' }] } };
    expect(await asanaTicketing.open(c, req.open, ctx)).toMatchObject({ ok: false, retryable: false, status: 401, error: 'Asana create task: HTTP 401: Not Authorized' });
    vendor.down = null;
    expect(await asanaTicketing.open(c, ticketRequests({ projectGid: '4040' }).open, ctx)).toMatchObject({
      ok: false,
      retryable: false,
      status: 400,
      error: 'Asana create task: HTTP 400: projects: [0]: Not a recognized ID: 4040',
    });
    expect(await asanaTicketing.note(c, { id: 'ASANA-1', url: null }, req.note, ctx)).toMatchObject({ ok: false, retryable: false });
    expect(tasks).toHaveLength(1);
    expect(tasks[0]!.stories).toEqual([]);
    expect(vendor.refused).toEqual([]);
  });

  it('sends report text as plain text only, so nothing in it becomes markup, a link or a mention', async () => {
    const c = configure();
    const req = ticketRequests();
    const hostile = '<body>Done <a data-asana-gid="1209"/> <strong>now</strong></body>\n@everyone [click](https://evil.example) **bold**';
    const opened = await asanaTicketing.open(c, { ...req.open, subject: '<b>Failure</b>: @everyone', body: hostile }, ctx);
    await asanaTicketing.note(c, opened.ticket!, { ...req.note, body: hostile }, ctx);
    expect(tasks[0]).toMatchObject({ name: '<b>Failure</b>: @everyone', notes: hostile, stories: [hostile] });
    // The fake refuses html_notes and html_text (the only rich-text fields); none was sent.
    for (const r of vendor.requests.filter((q) => q.method !== 'GET')) expect(Object.keys(r.json.data)).not.toContain('html_notes');
    expect(vendor.refused).toEqual([]);
  });

  it('verifies the token, and the default project when there is one', async () => {
    expect(await asanaTicketing.verify(configure(), ctx)).toMatchObject({ ok: true, status: 200 });
    expect(await asanaTicketing.verify(configure({ projectGid: undefined }), ctx)).toMatchObject({ ok: true, status: 200 });
    expect(vendor.requests.map((r) => r.path)).toEqual(['/api/1.0/users/me', '/api/1.0/projects/1200', '/api/1.0/users/me']);
    expect(await asanaTicketing.verify(configure({ projectGid: '4040' }), ctx)).toMatchObject({ ok: false, retryable: false, status: 404, error: 'Asana project: HTTP 404: project: Not a recognized ID' });
    expect(vendor.refused).toEqual([]);
  });
});
