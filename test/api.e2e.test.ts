import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli.js';
import { alias, cometCheck, createApiKey, fixture, INBOX, startTestService, type TestService } from './helpers/service.js';

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(() => svc.destroy());

const base = () => `http://127.0.0.1:${svc.httpPort}/api/v1`;
const rule = (field: string, operator: string, value: string) => ({ field, operator, value });

async function stored(raw: string | Buffer, to = [INBOX]) {
  const reply = await svc.send(raw, to);
  expect(reply.code, reply.response).toBe(250);
  return Number(/message (\d+)/.exec(reply.response)![1]);
}

describe('authentication', () => {
  it.each(['/checks', '/activities', '/messages', '/checks/1', '/messages/1/raw'])('%s needs a key', async (path) => {
    const res = await fetch(base() + path);
    expect(res.status).toBe(401);
    expect(((await res.json()) as any).error.code).toBe('unauthorized');
  });

  it('refuses a wrong key', async () => {
    expect((await svc.api('GET', '/checks', undefined, { authorization: 'Bearer bw_not-a-key' })).status).toBe(401);
  });

  it('refuses a revoked key', async () => {
    const key = await createApiKey(svc.env);
    const ok = await fetch(`${base()}/checks`, { headers: { authorization: `Bearer ${key}` } });
    expect(ok.status).toBe(200);
    const out: string[] = [];
    await runCli(['apikey', 'list', '--json'], svc.env, { out: (l) => out.push(l), err: () => {} });
    const listed = JSON.parse(out[0]!) as { id: number; prefix: string }[];
    const id = listed.find((k) => key.startsWith(k.prefix) && k.id !== 1)!.id;
    expect(await runCli(['apikey', 'revoke', String(id)], svc.env, { out: () => {}, err: () => {} })).toBe(0);
    const refused = await fetch(`${base()}/checks`, { headers: { authorization: `Bearer ${key}` } });
    expect(refused.status).toBe(401);
  });

  it('leaves health and the API docs open', async () => {
    expect((await fetch(`${base()}/health`)).status).toBe(200);
    const doc = (await (await fetch(`${base()}/openapi.json`)).json()) as any;
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/checks', '/checks/{id}', '/checks/{id}/test', '/activities', '/messages', '/messages/{id}/raw', '/messages/{id}/reparse']));
    const page = await fetch(`${base()}/docs`);
    expect(await page.text()).toContain('swagger-ui-bundle.js');
    expect((await fetch(`${base()}/docs/swagger-ui-bundle.js`)).status).toBe(200);
  });
});

describe('validation', () => {
  it.each<[string, unknown, string]>([
    ['a missing name', { matching: {} }, 'name'],
    ['an unknown operator', { name: 'x', matching: { rules: [rule('subject', 'like', 'x')] } }, 'matching.rules[0].operator'],
    ['an unknown field', { name: 'x', status: { success: { rules: [rule('sender', 'contains', 'x')] } } }, 'status.success.rules[0].field'],
    ['an invalid regex', { name: 'x', matching: { rules: [rule('subject', 'contains', 'ok'), rule('body', 'regex', '(unclosed')] } }, 'matching.rules[1].value'],
    ['a regex RE2 cannot run in linear time', { name: 'x', status: { warning: { rules: [rule('body', 'regex', '(a)\\1')] } } }, 'status.warning.rules[0].value'],
    ['an alias with unsafe characters', { name: 'x', alias: 'a b+c' }, 'alias'],
    ['a bad default status', { name: 'x', status: { default: 'overdue' } }, 'status.default'],
    ['a bad schedule', { name: 'x', schedule: { type: 'interval', every: 0, unit: 'days' } }, 'schedule.every'],
  ])('refuses %s with a 400 naming the field', async (_, body, field) => {
    const res = await svc.api('POST', '/checks', body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.message).toContain(`${field}:`);
    expect(res.body.error.issues.map((i: { path: string }) => i.path)).toContain(field);
  });

  it('refuses malformed JSON', async () => {
    const res = await fetch(`${base()}/checks`, { method: 'POST', headers: { authorization: `Bearer ${svc.key}`, 'content-type': 'application/json' }, body: '{"name":' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error.message).toMatch(/JSON/i);
  });

  it('refuses bad query parameters', async () => {
    const res = await svc.api('GET', '/activities?status=fine&limit=9999');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('query.status');
    expect(res.body.error.message).toContain('query.limit');
  });

  it('refuses a cursor it did not make', async () => {
    const res = await svc.api('GET', '/activities?cursor=bm9wZQ');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('cursor');
  });

  it('answers 404 for what does not exist', async () => {
    for (const path of ['/checks/999999', '/messages/999999', '/messages/999999/raw']) {
      const res = await svc.api('GET', path);
      expect(res.status, path).toBe(404);
      expect(res.body.error.code).toMatch(/not_found$/);
    }
  });
});

describe('checks', () => {
  it('makes the alias from the name and keeps it unique', async () => {
    const a = await svc.api('POST', '/checks', { name: 'Acme: File Server' });
    const b = await svc.api('POST', '/checks', { name: 'ACME file-server?' });
    expect(a.body.alias).toBe('acmefileserver');
    expect(b.body.alias).toBe('acmefile-server');
    const c = await svc.api('POST', '/checks', { name: 'Acme File  Server' });
    expect(c.body.alias).toBe('acmefileserver-2');
    expect(c.body.address).toBe(alias('acmefileserver-2'));
    const taken = await svc.api('POST', '/checks', { name: 'other', alias: 'AcmeFileServer' });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('check.alias_taken');
  });

  it('filters by group, label, status and text, and pages through them', async () => {
    const names = ['Zulu', 'alpha', 'Mike'];
    for (const name of names) await svc.api('POST', '/checks', { name: `Filter ${name}`, group: 'Filter Group', labels: ['filtered', name.toLowerCase()] });
    await svc.api('POST', '/checks', { name: 'Filter loner', labels: ['filtered'] });
    const byGroup = await svc.api('GET', '/checks?group=filter%20group');
    expect(byGroup.body.items.map((c: { name: string }) => c.name)).toEqual(['Filter alpha', 'Filter Mike', 'Filter Zulu']);
    const byLabel = await svc.api('GET', '/checks?label=mike');
    expect(byLabel.body.items.map((c: { name: string }) => c.name)).toEqual(['Filter Mike']);
    const byText = await svc.api('GET', '/checks?q=LONER');
    expect(byText.body.items.map((c: { name: string }) => c.name)).toEqual(['Filter loner']);
    const pending = await svc.api('GET', '/checks?label=filtered&status=pending');
    expect(pending.body.items).toHaveLength(4);

    const seen: string[] = [];
    let cursor = '';
    do {
      const page = await svc.api('GET', `/checks?label=filtered&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.body.items.map((c: { name: string }) => c.name));
      cursor = page.body.nextCursor ?? '';
    } while (cursor);
    // Grouped checks first (by group), ungrouped last.
    expect(seen).toEqual(['Filter alpha', 'Filter Mike', 'Filter Zulu', 'Filter loner']);
  });

  it('PATCH changes what it names and keeps the rest', async () => {
    const created = await svc.api('POST', '/checks', cometCheck('Patch me', { group: 'G1', labels: ['a'] }));
    const id = created.body.id;
    const patched = await svc.api('PATCH', `/checks/${id}`, {
      name: 'Patched',
      group: null,
      labels: ['b', 'c'],
      paused: true,
      matching: { mode: 'any' },
      status: { default: 'warning', warning: null },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: 'Patched', group: null, labels: ['b', 'c'], paused: true, alias: 'patchme' });
    expect(patched.body.matching.mode).toBe('any');
    expect(patched.body.matching.rules).toEqual(created.body.matching.rules);
    expect(patched.body.statusRules).toMatchObject({ default: 'warning', warning: null, success: created.body.statusRules.success });
    expect((await svc.api('GET', `/checks/${id}`)).body).toEqual(patched.body);
  });

  it('a new alias moves the address: mail to the old one is kept unmatched', async () => {
    const check = (await svc.api('POST', '/checks', { name: 'Mover' })).body;
    const moved = await svc.api('PATCH', `/checks/${check.id}`, { alias: 'moved-here' });
    expect(moved.body.address).toBe(alias('moved-here'));
    const oldId = await stored(fixture('comet-success.eml'), [alias('mover')]);
    const newId = await stored(fixture('comet-success.eml'), [alias('moved-here')]);
    expect((await svc.api('GET', `/messages/${oldId}`)).body.matched).toBe(false);
    expect((await svc.api('GET', `/messages/${newId}`)).body.activities[0].checkId).toBe(check.id);
  });

  it('DELETE removes the check and its history; its messages become unmatched', async () => {
    const check = (await svc.api('POST', '/checks', { name: 'Doomed' })).body;
    const messageId = await stored(fixture('comet-error.eml'), [check.address]);
    expect((await svc.api('DELETE', `/checks/${check.id}`)).status).toBe(204);
    expect((await svc.api('GET', `/checks/${check.id}`)).status).toBe(404);
    expect((await svc.api('GET', `/activities?checkId=${check.id}`)).body.items).toEqual([]);
    expect((await svc.api('GET', `/messages/${messageId}`)).body.matched).toBe(false);
    expect((await svc.api('DELETE', `/checks/${check.id}`)).status).toBe(404);
  });
});

describe('reparse', () => {
  // About rules only: Comet auto-discovery would otherwise give the report a check of its own.
  beforeAll(async () => void (await svc.api('PATCH', '/settings/comet', { autoDiscovery: { enabled: false } })));
  afterAll(async () => void (await svc.api('PATCH', '/settings/comet', { autoDiscovery: { enabled: true } })));

  it("evaluates a stored message against today's rules", async () => {
    const raw = fixture('comet-warning.eml').toString().replace(/Documents/g, 'Reparse Item').replace(/Offsite Comet Server/g, 'Reparse Vault');
    const messageId = await stored(raw);
    expect((await svc.api('GET', `/messages/${messageId}`)).body.matched).toBe(false);

    const check = (await svc.api('POST', '/checks', { name: 'Reparse Item', matching: { rules: [rule('subject', 'contains', 'Reparse Item')] } })).body;
    const first = await svc.api('POST', `/messages/${messageId}/reparse`);
    expect(first.status).toBe(200);
    expect(first.body.matched).toBe(true);
    expect(first.body.activities).toMatchObject([{ checkId: check.id, status: 'failure', statusSource: 'default' }]);
    const activityId = first.body.activities[0].id;
    expect((await svc.api('GET', `/checks/${check.id}`)).body).toMatchObject({ status: 'failure', lastActivityAt: first.body.receivedAt });

    await svc.api('PATCH', `/checks/${check.id}`, { status: { warning: { rules: [rule('body', 'contains', 'Status: Warning')] } } });
    const second = await svc.api('POST', `/messages/${messageId}/reparse`);
    expect(second.body.activities).toMatchObject([{ id: activityId, status: 'warning', statusSource: 'warning' }]);
    expect((await svc.api('GET', `/checks/${check.id}`)).body.status).toBe('warning');

    await svc.api('PATCH', `/checks/${check.id}`, { matching: { rules: [rule('subject', 'contains', 'something else')] } });
    const third = await svc.api('POST', `/messages/${messageId}/reparse`);
    expect(third.body).toMatchObject({ matched: false, activities: [] });
    expect((await svc.api('GET', `/checks/${check.id}`)).body).toMatchObject({ status: 'pending', statusSince: null, lastActivityAt: null });
  });
});

describe('testing rules without storing', () => {
  it('answers for a stored message and for a pasted one', async () => {
    const check = (await svc.api('POST', '/checks', cometCheck('Rule lab'))).body;
    const messageId = await stored(fixture('comet-error.eml'), ['reports+nobody@backwatch.local']);
    const before = (await svc.api('GET', '/activities?limit=500')).body.items.length;

    const byId = await svc.api('POST', `/checks/${check.id}/test`, { messageId });
    expect(byId.status).toBe(200);
    // Sent to an unknown alias, so it does not belong; the status it would give is still answered.
    expect(byId.body).toMatchObject({ matched: false, matchedBy: null, status: 'failure', statusSource: 'default' });
    expect(byId.body.matching.rules.map((r: { matched: boolean }) => r.matched)).toEqual([true, true]);

    const pasted = await svc.api('POST', `/checks/${check.id}/test`, { raw: fixture('comet-warning.eml').toString() });
    expect(pasted.body).toMatchObject({ matched: true, matchedBy: 'criteria', status: 'warning', statusSource: 'warning' });
    expect(pasted.body.statusGroups.success).toMatchObject({ matched: false });

    const addressed = await svc.api('POST', `/checks/${check.id}/test`, { raw: 'Subject: hi\r\n\r\nnothing\r\n', recipients: [check.address] });
    expect(addressed.body).toMatchObject({ matched: false, matching: { matched: false } });

    expect((await svc.api('GET', '/activities?limit=500')).body.items.length).toBe(before);
    const neither = await svc.api('POST', `/checks/${check.id}/test`, {});
    expect(neither.status).toBe(400);
    expect(neither.body.error.message).toContain('messageId');
  });
});

describe('activities', () => {
  it('lists newest first with filters and a cursor', async () => {
    const check = (await svc.api('POST', '/checks', { name: 'Paging', status: { success: { rules: [rule('subject', 'contains', 'Success')] } } })).body;
    const subjects = ['Success one', 'Error two', 'Success three', 'Error four', 'Success five'];
    for (const s of subjects) await stored(`Subject: ${s}\r\n\r\nbody\r\n`, [check.address]);

    const all = (await svc.api('GET', `/activities?checkId=${check.id}`)).body.items.map((a: { subject: string }) => a.subject);
    expect(all).toEqual([...subjects].reverse());

    const pages: string[][] = [];
    let cursor = '';
    do {
      const page = await svc.api('GET', `/activities?checkId=${check.id}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      pages.push(page.body.items.map((a: { subject: string }) => a.subject));
      cursor = page.body.nextCursor ?? '';
    } while (cursor);
    expect(pages).toEqual([['Success five', 'Error four'], ['Success three', 'Error two'], ['Success one']]);

    const failures = (await svc.api('GET', `/activities?checkId=${check.id}&status=failure`)).body.items.map((a: { subject: string }) => a.subject);
    expect(failures).toEqual(['Error four', 'Error two']);
    expect((await svc.api('GET', `/activities?checkId=${check.id}&q=THREE`)).body.items).toHaveLength(1);

    const newest = (await svc.api('GET', `/activities?checkId=${check.id}&limit=1`)).body.items[0];
    const since = encodeURIComponent(newest.receivedAt);
    expect((await svc.api('GET', `/activities?checkId=${check.id}&from=${since}`)).body.items).toHaveLength(1);
    expect((await svc.api('GET', `/activities?checkId=${check.id}&to=${since}`)).body.items).toHaveLength(4);
    expect((await svc.api('GET', `/checks/${check.id}`)).body.status).toBe('success');
  });
});

describe('messages', () => {
  it('shows headers, bodies, attachments and the envelope', async () => {
    const id = await stored(fixture('log-attachment.eml'));
    const m = (await svc.api('GET', `/messages/${id}`)).body;
    expect(m).toMatchObject({
      subject: 'Nightly backup report: fileserver01',
      from: '"Comet Backup" <noreply@cometbackup.example>',
      to: 'reports@backwatch.local',
      mailFrom: 'backup@client.example',
      rcptTo: [INBOX],
      date: '2018-11-27T18:55:40.000Z',
      problems: [],
    });
    expect(m.headers).toContainEqual({ name: 'Subject', value: 'Nightly backup report: fileserver01' });
    expect(m.text).toContain('The log is attached.');
    expect(m.attachments.map((a: { filename: string }) => a.filename)).toEqual(['backup-log.txt', 'report.pdf']);
    const search = await svc.api('GET', '/messages?q=fileserver01');
    expect(search.body.items.map((x: { id: number }) => x.id)).toContain(id);
  });
});

describe('outbound guard', () => {
  it('will not send to a private address unless allowed', async () => {
    const { startReceiver } = await import('./helpers/receiver.js');
    const receiver = await startReceiver();
    try {
      const channel = (await svc.api('POST', '/channels', { type: 'webhook', name: 'internal', config: { url: `${receiver.url}/hook` } })).body;
      const outcome = await svc.api('POST', `/channels/${channel.id}/test`);
      expect(outcome.body).toMatchObject({ ok: false, retryable: false, error: expect.stringContaining('not a public address') });
      expect(receiver.requests).toEqual([]);
    } finally {
      await receiver.close();
    }
  });
});
