import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alias, cometCheck, fixture, INBOX, startTestService, type TestService } from './helpers/service.js';
import { smtpSession } from './helpers/smtp.js';
import { TEST_ENGINE } from './helpers/database.js';

let svc: TestService;

beforeAll(async () => {
  svc = await startTestService({ env: { BACKWATCH_MAX_MESSAGE_BYTES: String(64 * 1024) } });
});
afterAll(() => svc.destroy());

async function newCheck(body: Record<string, unknown>) {
  const res = await svc.api('POST', '/checks', body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: number; address: string; alias: string };
}

async function activitiesOf(checkId: number) {
  const res = await svc.api('GET', `/activities?checkId=${checkId}`);
  expect(res.status).toBe(200);
  return res.body.items as { status: string; subject: string; messageId: number; matchedRules: { group: string; value: string }[] }[];
}

async function storedId(reply: { code: number; response: string }) {
  expect(reply.code, reply.response).toBe(250);
  return Number(/message (\d+)/.exec(reply.response)![1]);
}

describe('Comet job reports', () => {
  let check: { id: number };
  beforeAll(async () => {
    check = await newCheck(cometCheck('User01: Documents', { group: 'Backups', labels: ['Comet'] }));
  });

  it.each([
    ['comet-success.eml', 'success'],
    ['comet-warning.eml', 'warning'],
    ['comet-error.eml', 'failure'],
  ])('%s sent to the inbox is classified %s', async (file, status) => {
    const messageId = await storedId(await svc.send(fixture(file)));
    const [newest] = await activitiesOf(check.id);
    expect(newest).toMatchObject({ messageId, status });
    const current = await svc.api('GET', `/checks/${check.id}`);
    expect(current.body.status).toBe(status);
  });

  it('records why: the matching and status rules that fired', async () => {
    await storedId(await svc.send(fixture('comet-success.eml')));
    const [newest] = await activitiesOf(check.id);
    expect(newest!.matchedRules.map((r) => `${r.group}:${r.value}`)).toEqual(['matching:Documents', 'matching:Offsite Comet Server', 'success:Success']);
  });

  it('matches a vault name split across lines, tabs and non-breaking spaces', async () => {
    const messageId = await storedId(await svc.send(fixture('comet-whitespace-split.eml')));
    expect((await activitiesOf(check.id))[0]).toMatchObject({ messageId, status: 'success' });
  });

  it('reads quoted-printable bodies with soft line breaks', async () => {
    const messageId = await storedId(await svc.send(fixture('quoted-printable.eml')));
    expect((await activitiesOf(check.id))[0]).toMatchObject({ messageId, status: 'success' });
    const message = await svc.api('GET', `/messages/${messageId}`);
    expect(message.body.text).toContain('Sauvegarde terminée: Über 9000 fichiers');
  });

  it('reads base64 bodies', async () => {
    const messageId = await storedId(await svc.send(fixture('base64.eml')));
    expect((await activitiesOf(check.id))[0]).toMatchObject({ messageId, status: 'warning' });
  });
});

it('decodes an RFC 2047 subject before matching it', async () => {
  const check = await newCheck({
    name: 'Müller',
    matching: { rules: [{ field: 'subject', operator: 'contains', value: 'Dokumente Müller" (Büro)' }] },
    status: { success: { rules: [{ field: 'subject', operator: 'startsWith', value: 'success - backup' }] } },
  });
  const messageId = await storedId(await svc.send(fixture('rfc2047-subject.eml')));
  expect((await activitiesOf(check.id))[0]).toMatchObject({ messageId, status: 'success', subject: 'Success - Backup of "Dokumente Müller" (Büro)' });
});

it('matches HTML-only mail on its text rendering', async () => {
  const check = await newCheck({
    name: 'HTML report',
    matching: { rules: [{ field: 'body', operator: 'contains', value: 'Storage Vault: "Offsite Comet Server"' }, { field: 'subject', operator: 'startsWith', value: 'Backup report' }] },
    status: { success: { rules: [{ field: 'body', operator: 'regex', value: 'Status:\\s+Success' }] } },
  });
  const messageId = await storedId(await svc.send(fixture('html-only.eml')));
  expect((await activitiesOf(check.id))[0]).toMatchObject({ messageId, status: 'success' });
  const message = await svc.api('GET', `/messages/${messageId}`);
  expect(message.body.html).toContain('<table>');
  expect(message.body.text).not.toContain('alert(');
});

describe('a status word only inside an attached .txt log', () => {
  const rules = (combineAttachments: boolean) => ({
    matching: { rules: [{ field: 'subject', operator: 'contains', value: 'fileserver01' }] },
    status: {
      success: { rules: [{ field: 'body', operator: 'contains', value: 'Result: COMPLETED' }], combineAttachments },
      warning: { rules: [{ field: 'body', operator: 'contains', value: 'with warnings' }], combineAttachments },
      failure: { rules: [{ field: 'body', operator: 'contains', value: 'Status: Failure' }], combineAttachments },
    },
  });

  it('counts when attachments are combined, and only text-like ones do', async () => {
    const combined = await newCheck({ name: 'Fileserver combined', ...rules(true) });
    const separate = await newCheck({ name: 'Fileserver separate', ...rules(false) });
    const messageId = await storedId(await svc.send(fixture('log-attachment.eml')));
    // The PDF says "Status: Failure" too, but it is not text-like, so it is not read.
    expect((await activitiesOf(combined.id))[0]).toMatchObject({ messageId, status: 'warning' });
    expect((await activitiesOf(separate.id))[0]).toMatchObject({ messageId, status: 'failure' });
    const message = await svc.api('GET', `/messages/${messageId}`);
    expect(message.body.attachments).toEqual([
      // Sent as application/octet-stream: the type stays as declared, and the .txt name makes it read as text.
      expect.objectContaining({ filename: 'backup-log.txt', contentType: 'application/octet-stream', text: expect.stringContaining('COMPLETED WITH WARNINGS') }),
      expect.objectContaining({ filename: 'report.pdf', contentType: 'application/pdf', text: null }),
    ]);
  });
});

describe('addresses', () => {
  it("a report to a check's own address belongs to it without criteria", async () => {
    const check = await newCheck({ name: 'SQL nightly', status: { success: { rules: [{ field: 'subject', operator: 'contains', value: 'Success' }] } } });
    expect(check.address).toBe(alias('sqlnightly'));
    const messageId = await storedId(await svc.send(fixture('comet-success.eml'), [check.address]));
    expect((await activitiesOf(check.id))[0]).toMatchObject({ messageId, status: 'success' });
  });

  it('a message to two check addresses gives each its own activity', async () => {
    const a = await newCheck({ name: 'Twin A', status: { success: { rules: [{ field: 'subject', operator: 'contains', value: 'Success' }] } } });
    const b = await newCheck({ name: 'Twin B', status: { default: 'warning' } });
    const messageId = await storedId(await svc.send(fixture('comet-success.eml'), [a.address, b.address]));
    expect((await activitiesOf(a.id))[0]).toMatchObject({ messageId, status: 'success' });
    expect((await activitiesOf(b.id))[0]).toMatchObject({ messageId, status: 'warning' });
    const message = await svc.api('GET', `/messages/${messageId}`);
    expect(message.body.activities.map((x: { checkId: number }) => x.checkId).sort()).toEqual([a.id, b.id].sort());
  });

  it('an unknown plus-alias is accepted and kept unmatched', async () => {
    const messageId = await storedId(await svc.send('Subject: for nobody\r\n\r\nhello\r\n', [alias('no-such-check')]));
    const unmatched = await svc.api('GET', '/messages?matched=false');
    expect(unmatched.body.items.map((m: { id: number }) => m.id)).toContain(messageId);
    const message = await svc.api('GET', `/messages/${messageId}`);
    expect(message.body).toMatchObject({ matched: false, rcptTo: [alias('no-such-check')], activities: [] });
  });

  it('a foreign domain is refused at RCPT with 550 5.1.1', async () => {
    const reply = await svc.send('Subject: x\r\n\r\nx\r\n', ['reports@elsewhere.example']);
    expect(reply.code).toBe(550);
    expect(reply.response).toContain('5.1.1');
  });

  it('a local part that is not the inbox is refused too', async () => {
    expect((await svc.send('Subject: x\r\n\r\nx\r\n', ['postmaster@backwatch.local'])).code).toBe(550);
  });
});

describe('size limit', () => {
  it('answers 552 to an over-size message and keeps the connection usable', async () => {
    const session = await smtpSession(svc.smtpPort);
    try {
      const big = `Subject: too big\r\n\r\n${'x'.repeat(100).concat('\r\n').repeat(1000)}`;
      const refused = await session.send(big, [INBOX]);
      expect(refused.code).toBe(552);
      const next = await session.send('Subject: small after big\r\n\r\nok\r\n', [INBOX]);
      expect(next.code).toBe(250);
    } finally {
      await session.close();
    }
    const listed = await svc.api('GET', '/messages?q=too%20big');
    expect(listed.body.items).toEqual([]);
  });
});

it('keeps the original bytes of every message', async () => {
  const raw = fixture('comet-warning.eml');
  const messageId = await storedId(await svc.send(raw));
  const res = await fetch(`http://127.0.0.1:${svc.httpPort}/api/v1/messages/${messageId}/raw`, { headers: { authorization: `Bearer ${svc.key}` } });
  expect(res.headers.get('content-type')).toBe('message/rfc822');
  const stored = Buffer.from(await res.arrayBuffer()).toString('utf8');
  // The SMTP client sends CRLF line ends; apart from those, the bytes are the fixture's.
  expect(stored.replace(/\r\n/g, '\n')).toBe(raw.toString('utf8'));
});

it('answers 451 and stores nothing when the database refuses the write, then accepts the retry', async () => {
  const { sql } = await import('kysely');
  const postgres = TEST_ENGINE === 'postgres';
  if (postgres) {
    await sql`create function refuse_messages() returns trigger language plpgsql as $$ begin raise exception 'simulated storage failure'; end $$`.execute(svc.db);
    await sql`create trigger refuse_messages before insert on messages for each row execute function refuse_messages()`.execute(svc.db);
  } else {
    await sql`create trigger refuse_messages before insert on messages begin select raise(abort, 'simulated storage failure'); end`.execute(svc.db);
  }
  try {
    const reply = await svc.send(fixture('comet-success.eml'));
    expect(reply.code).toBe(451);
  } finally {
    await sql`drop trigger refuse_messages${sql.raw(postgres ? ' on messages' : '')}`.execute(svc.db);
    if (postgres) await sql`drop function refuse_messages()`.execute(svc.db);
  }
  expect((await svc.send(fixture('comet-success.eml'))).code).toBe(250);
});
