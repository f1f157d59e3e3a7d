import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GrantStore } from '../../alerts/channels/channel.types.js';
import { fixedClock } from '../../../shared/clock.js';
import { channelContext } from '../../../../test/helpers/channels.js';
import { openTestDb } from '../../../../test/helpers/database.js';
import { type FakeMicrosoft, LIST_ID, OTHER_LIST_ID, startFakeMicrosoft } from '../../../../test/helpers/fake-microsoft.js';
import { expectLostAnswerAdopted, expectNothingFound } from '../../../../test/helpers/lost-answer.js';
import { signIn, todo, todoChannel, todoConfig } from '../../../../test/helpers/microsoft-grant.js';
import { MARKER, ticketRequests } from '../../../../test/helpers/ticket-requests.js';
import { settingProblems } from '../tickets.lookups.js';
import { htmlText } from './vendor.html.js';

const clock = fixedClock('2026-11-20T12:00:00Z');
let ms: FakeMicrosoft;
let database: Awaited<ReturnType<typeof openTestDb>>;
let store: GrantStore;

beforeEach(async () => {
  clock.set('2026-11-20T12:00:00Z');
  ms = await startFakeMicrosoft(clock);
  database = await openTestDb();
  store = (await todoChannel(database.db, clock)).store;
});
afterEach(async () => {
  expect(ms.login.refused).toEqual([]);
  expect(ms.graph.refused).toEqual([]);
  await ms.close();
  await database.close();
});

const ctx = () => channelContext({ grant: store });

describe('signing in with a device code', () => {
  it('shows a code, waits for the person, and connects as their account', async () => {
    const c = todoConfig(ms);
    const started = await todo().startDeviceCode(c, ctx());
    expect(started).toMatchObject({ ok: true, userCode: 'CODE1', verificationUri: 'https://microsoft.com/devicelogin', expiresIn: 900, interval: 5 });
    if (!started.ok) return;
    expect(ms.login.requests[0]!.json).toEqual({ client_id: c.clientId, scope: 'Tasks.ReadWrite offline_access User.Read' });
    expect(await todo().pollDeviceCode(c, started.deviceCode, ctx())).toEqual({ state: 'pending' });
    // Sooner than the interval: the service asks for patience.
    expect(await todo().pollDeviceCode(c, started.deviceCode, ctx())).toEqual({ state: 'pending', slowDown: true });
    ms.approve(started.userCode, 'it@acme.example');
    clock.advance(5_000);
    expect(await todo().pollDeviceCode(c, started.deviceCode, ctx())).toMatchObject({ state: 'connected', account: 'it@acme.example', refreshToken: expect.any(String), expiresIn: 3600 });
  });

  it('tells a declined sign-in from one that ran out', async () => {
    const c = todoConfig(ms);
    const declined = await todo().startDeviceCode(c, ctx());
    const expired = await todo().startDeviceCode(c, ctx());
    if (!declined.ok || !expired.ok) throw new Error('no code');
    ms.decline(declined.userCode);
    expect(await todo().pollDeviceCode(c, declined.deviceCode, ctx())).toEqual({ state: 'declined' });
    clock.advance(901_000);
    expect(await todo().pollDeviceCode(c, expired.deviceCode, ctx())).toEqual({ state: 'expired' });
  });

  it('says so when Microsoft does not know the app registration', async () => {
    const started = await todo().startDeviceCode(todoConfig(ms, { clientId: '00000000-1111-2222-3333-444444444444' }), ctx());
    expect(started).toEqual({
      ok: false,
      retryable: false,
      status: 400,
      error: "Microsoft sign-in: AADSTS700016: Application with identifier '00000000-1111-2222-3333-444444444444' was not found in the directory 'Acme'.",
    });
  });
});

describe('Microsoft To Do tasks', () => {
  it('opens a task, adds notes to its body, and completes it on recovery', async () => {
    await signIn(ms, store, clock);
    const c = todoConfig(ms);
    const req = ticketRequests();
    const opened = await todo().open(c, req.open, ctx());
    expect(opened).toMatchObject({ ok: true, status: 201, ticket: { id: `${LIST_ID}:AlMKXwbQ0Jws6wc/AAA=`, url: null } });
    const [task] = ms.tasks;
    expect(task).toMatchObject({ listId: LIST_ID, title: req.open.subject, importance: 'high', status: 'notStarted', body: { content: req.open.body, contentType: 'text' } });
    expect(task!.linkedResources).toEqual([{ webUrl: 'https://backwatch.example.com/checks/42', applicationName: 'backwatch', displayName: req.open.view.check.name, externalId: MARKER }]);

    expect(await todo().note(c, opened.ticket!, req.note, ctx())).toMatchObject({ ok: true, status: 200 });
    expect(task!.body.contentType).toBe('html');
    expect(task!.status).toBe('notStarted');
    expect(await todo().close(c, opened.ticket!, req.close, ctx())).toMatchObject({ ok: true, status: 200 });
    expect(task!.status).toBe('completed');
    // The opening text, then each note in turn, as HTML.
    const at = (text: string) => task!.body.content.indexOf(htmlText(text.split('\n')[0]!));
    expect(at(req.open.body)).toBe(0);
    expect(at(req.note.body)).toBeGreaterThan(at(req.open.body));
    expect(at(req.close.body)).toBeGreaterThan(at(req.note.body));
    const auth = ms.graph.requests.map((r) => r.headers.authorization);
    // The same token throughout, from signing in (GET /me) to completing the task.
    expect(new Set(auth)).toEqual(new Set([`Bearer ${(await store.load()).grant.accessToken}`]));
  });

  it("files a warning at normal importance in the check's own list, and keeps to that list", async () => {
    await signIn(ms, store, clock);
    const opened = await todo().open(todoConfig(ms), ticketRequests({ listId: OTHER_LIST_ID }).openWarning, ctx());
    expect(ms.tasks[0]).toMatchObject({ listId: OTHER_LIST_ID, importance: 'normal' });
    await todo().note(todoConfig(ms), opened.ticket!, ticketRequests({ listId: LIST_ID }).note, ctx());
    expect(ms.tasks[0]!.body.contentType).toBe('html');
  });

  it('shows report text as text: nothing in it becomes markup', async () => {
    await signIn(ms, store, clock);
    const c = todoConfig(ms);
    const req = ticketRequests();
    const opened = await todo().open(c, req.open, ctx());
    const hostile = { ...req.note, body: 'Error: <img src=x onerror=alert(1)> & <a href="javascript:x">here</a>' };
    await todo().note(c, opened.ticket!, hostile, ctx());
    const body = ms.tasks[0]!.body.content;
    expect(body).toContain('Error: &lt;img src=x onerror=alert(1)&gt; &amp; &lt;a href=&quot;javascript:x&quot;&gt;here&lt;/a&gt;');
    expect(body).not.toMatch(/<img|<a href="javascript/);
  });

  it('leaves a task a person completed or deleted alone', async () => {
    await signIn(ms, store, clock);
    const c = todoConfig(ms);
    const req = ticketRequests();
    const first = await todo().open(c, req.open, ctx());
    const second = await todo().open(c, req.open, ctx());
    ms.tasks[0]!.status = 'completed';
    ms.tasks.splice(1, 1);
    const before = ms.graph.requests.length;
    expect(await todo().note(c, first.ticket!, req.note, ctx())).toEqual({ ok: true, status: 200, alreadyClosed: true });
    expect(await todo().close(c, first.ticket!, req.close, ctx())).toEqual({ ok: true, status: 200, alreadyClosed: true });
    expect(await todo().close(c, second.ticket!, req.close, ctx())).toEqual({ ok: true, status: 404, alreadyClosed: true });
    expect(ms.graph.requests.slice(before).map((r) => r.method)).toEqual(['GET', 'GET', 'GET']);
    expect(ms.tasks[0]!.body.contentType).toBe('text');
  });

  it('retries through an outage, but not a missing list', async () => {
    await signIn(ms, store, clock);
    const req = ticketRequests();
    ms.graph.down = { status: 503, json: { error: { code: 'serviceNotAvailable', message: 'busy' } } };
    expect(await todo().open(todoConfig(ms), req.open, ctx())).toMatchObject({ ok: false, retryable: true, status: 503 });
    ms.graph.down = null;
    expect(await todo().open(todoConfig(ms, { listId: undefined }), req.open, ctx())).toMatchObject({ ok: false, retryable: false, error: expect.stringContaining('no To Do list') });
    expect(await todo().open(todoConfig(ms), ticketRequests({ listId: '../../me' }).open, ctx())).toMatchObject({ ok: false, retryable: false });
    expect(await todo().open(todoConfig(ms, { listId: 'AAMkNoSuchList=' }), req.open, ctx())).toMatchObject({ ok: false, retryable: false, status: 404 });
    expect(ms.tasks).toEqual([]);
  });

  it('renews a token Graph turns away before its time, once', async () => {
    await signIn(ms, store, clock);
    const { accessToken: refused } = (await store.load()).grant;
    ms.accessTokens.clear();
    const before = ms.graph.requests.length;
    expect(await todo().open(todoConfig(ms), ticketRequests().open, ctx())).toMatchObject({ ok: true, status: 201 });
    const renewed = (await store.load()).grant.accessToken;
    expect(renewed).not.toBe(refused);
    expect(ms.graph.requests.slice(before).map((r) => r.headers.authorization)).toEqual([`Bearer ${refused}`, `Bearer ${renewed}`]);
    expect(ms.refreshes).toBe(1);
  });

  it('adopts the task a create made when its answer was lost, reading the list page by page, and finds none where there is none', async () => {
    await signIn(ms, store, clock);
    const c = todoConfig(ms);
    // More tasks than a page holds, in the list and in another, one of them another incident's.
    for (let n = 0; n < 120; n++) await todo().open(c, { ...ticketRequests().open, marker: `${MARKER}${n}` }, ctx());
    await todo().open(c, ticketRequests({ listId: OTHER_LIST_ID }).open, ctx());
    await expectNothingFound({ adapter: todo(), config: c, ctx: ctx(), vendor: ms.graph });
    const before = ms.tasks.length;
    const ticket = await expectLostAnswerAdopted({
      adapter: todo(),
      config: c,
      vendor: ms.graph,
      ctx: ctx(),
      isCreate: (r) => r.method === 'POST' && r.path.endsWith('/tasks'),
      tickets: () => ms.tasks.slice(before),
    });
    expect(ticket).toEqual({ id: `${LIST_ID}:${ms.tasks[before]!.id}`, url: null });
    expect(ms.tasks[before]).toMatchObject({ listId: LIST_ID, status: 'completed' });
    const reads = ms.graph.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/tasks'));
    expect(reads.map((r) => r.query.get('$skiptoken'))).toEqual([null, 'st-100', null, 'st-100']);
    expect(reads.every((r) => r.query.get('$expand') === 'linkedResources')).toBe(true);
  });

  it('lists the task lists, paged as Graph pages, and searched by name', async () => {
    await signIn(ms, store, clock);
    const lists = todo().lookups!.lists!;
    const first = await lists.list(todoConfig(ms), { search: null, page: null, parent: null }, ctx());
    expect(first).toMatchObject({ ok: true, nextPage: '%24top=50&%24skiptoken=st-50' });
    expect(first.ok && first.items.slice(0, 2)).toEqual([{ id: LIST_ID, name: 'Backups' }, { id: OTHER_LIST_ID, name: 'Acme backups' }]);
    const second = await lists.list(todoConfig(ms), { search: null, page: first.ok ? first.nextPage : null, parent: null }, ctx());
    expect(second).toMatchObject({ ok: true, nextPage: null });
    expect(second.ok && second.items.map((l) => l.name)).toEqual(Array.from({ length: 10 }, (_, n) => `Client ${48 + n}`));
    const searched = await lists.list(todoConfig(ms), { search: 'BACKUPS', page: null, parent: null }, ctx());
    expect(searched.ok && searched.items.map((l) => l.id)).toEqual([LIST_ID, OTHER_LIST_ID]);
    // A page that is not Graph's paging goes nowhere else: it is read as the first page.
    await lists.list(todoConfig(ms), { search: null, page: 'https://attacker.example/steal?$skiptoken=x', parent: null }, ctx());
    expect(ms.graph.requests.at(-1)!.query.toString()).toBe('%24top=50');
  });

  it('names the task list the account does not have', async () => {
    await signIn(ms, store, clock);
    expect(await settingProblems(todo(), todoConfig(ms, { listId: 'AAMkList57AAA=' }), ctx())).toEqual([]);
    expect(await settingProblems(todo(), todoConfig(ms, { listId: 'AAMkNoSuchList=' }), ctx())).toEqual([{ path: 'listId', message: 'no task list "AAMkNoSuchList="' }]);
    ms.graph.down = { status: 503, json: { error: { code: 'serviceNotAvailable', message: 'busy' } } };
    expect(await settingProblems(todo(), todoConfig(ms, { listId: 'AAMkNoSuchList=' }), ctx())).toEqual([]);
    ms.graph.down = null;
  });

  it('refuses to send before an account is connected', async () => {
    const outcome = await todo().open(todoConfig(ms), ticketRequests().open, ctx());
    expect(outcome).toMatchObject({ ok: false, retryable: false, error: expect.stringContaining('not connected') });
    expect(ms.graph.requests).toEqual([]);
  });

  it('verifies the account and its default list', async () => {
    await signIn(ms, store, clock);
    const before = ms.graph.requests.length;
    expect(await todo().verify(todoConfig(ms), ctx())).toMatchObject({ ok: true, status: 200 });
    expect(ms.graph.requests.slice(before).map((r) => r.path)).toEqual(['/v1.0/me', `/v1.0/me/todo/lists/${encodeURIComponent(LIST_ID)}`]);
    expect(await todo().verify(todoConfig(ms, { listId: 'AAMkNoSuchList=' }), ctx())).toMatchObject({ ok: false, status: 404 });
  });
});
