import { once } from 'node:events';
import net, { type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { sampleViews } from '../../../../test/helpers/alert-views.js';
import { channelContext, templates } from '../../../../test/helpers/channels.js';
import { smtpRefusal as refuse, smtpRelayForTest } from '../../../../test/helpers/smtp-relay.js';
import { splitTitle } from '../alerts.templates.js';
import { emailChannel } from './email.channel.js';

const configure = (port: number, c: Record<string, unknown> = {}) =>
  emailChannel.config.parse({ host: '127.0.0.1', port, security: 'none', from: 'backwatch@example.com', to: ['ops@example.com', 'lead@example.com'], ...c });

describe('email', () => {
  it('sends every kind of message as plain text, the first line as Subject, marked with its delivery', async () => {
    const smtp = await smtpRelayForTest();
    for (const [name, view] of Object.entries(sampleViews)) {
      expect(await emailChannel.send(configure(smtp.port), view, channelContext()), name).toMatchObject({ ok: true });
    }
    const [failure] = smtp.received;
    expect(failure).toMatchObject({
      fromText: 'backwatch@example.com',
      toText: 'ops@example.com, lead@example.com',
      subject: '[backwatch] Failure: User01: Documents (Acme Corp)',
      messageId: '<backwatch.delivery-0000-test@example.com>',
    });
    expect(failure!.text).toMatch(/Check: User01: Documents\n[^]*\(was Success\)[^]*Why: Body contains "Status: Error"[^]*https:\/\/backwatch.example.com\/checks\/42/);
    const header = (name: string) => failure!.headers.find((h) => h.name.toLowerCase() === name)?.value;
    expect([header('x-backwatch-delivery'), header('auto-submitted')]).toEqual(['delivery-0000-test', 'auto-generated']);
    Object.values(sampleViews).forEach((view, i) => {
      const { title, body } = splitTitle(templates.render('email', view.event, view));
      expect([smtp.received[i]!.subject, smtp.received[i]!.text?.trim()]).toEqual([title, body]);
    });
  });

  it('logs in with the user name and password configured', async () => {
    const smtp = await smtpRelayForTest({
      allowInsecureAuth: true,
      onAuth: (auth, _session, done) =>
        auth.username === 'alerts' && auth.password === 's3cret' ? done(null, { user: auth.username }) : done(refuse(535, 'Authentication failed')),
    });
    expect(await emailChannel.send(configure(smtp.port, { username: 'alerts', password: 's3cret' }), sampleViews.failure, channelContext())).toMatchObject({ ok: true });
    const wrong = await emailChannel.send(configure(smtp.port, { username: 'alerts', password: 'guess' }), sampleViews.failure, channelContext());
    expect(wrong).toMatchObject({ ok: false, retryable: false, status: 535 });
    expect(smtp.received).toHaveLength(1);
  });

  it.each([
    ['550 for every recipient', () => 550, false],
    ['451 for every recipient', () => 451, true],
    ['452 for one of two', (to: string) => (to.startsWith('lead') ? 452 : 0), true],
  ])('reads RCPT answered %s as a failure, retryable: %s', async (_, code, retryable) => {
    const smtp = await smtpRelayForTest({ onRcptTo: ({ address }, _session, done) => done(code(address) ? refuse(code(address), 'Not now, not here') : null) });
    const outcome = await emailChannel.send(configure(smtp.port), sampleViews.failure, channelContext());
    expect(outcome).toMatchObject({ ok: false, retryable, status: code('lead@example.com') });
  });

  it('reads a server that cannot be reached as worth another try', async () => {
    const server = net.createServer().listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    server.close();
    expect(await emailChannel.send(configure(port), sampleViews.failure, channelContext())).toMatchObject({ ok: false, retryable: true });
  });

  it('sends nothing in the clear when TLS is asked for, and reads that as a setting to fix', async () => {
    const smtp = await smtpRelayForTest();
    for (const security of ['starttls', 'tls']) {
      const outcome = await emailChannel.send(configure(smtp.port, { security }), sampleViews.failure, channelContext());
      expect(outcome, security).toMatchObject({ ok: false, retryable: false });
    }
    expect(smtp.received).toHaveLength(0);
  });

  it('upgrades with STARTTLS, checking the certificate unless told not to', async () => {
    const smtp = await smtpRelayForTest({ disabledCommands: [] }); // smtp-server's own self-signed certificate
    const c = (rejectUnauthorized: boolean) => configure(smtp.port, { security: 'starttls', rejectUnauthorized });
    expect(await emailChannel.send(c(true), sampleViews.failure, channelContext())).toMatchObject({ ok: false, retryable: false });
    expect(await emailChannel.send(c(false), sampleViews.failure, channelContext())).toMatchObject({ ok: true });
    expect(smtp.received).toHaveLength(1);
  });

  it('takes valid addresses only, at least one recipient, and a password with a user name', () => {
    for (const bad of [{ to: [] }, { to: ['not an address'] }, { from: 'backwatch' }, { username: 'alerts' }]) expect(() => configure(25, bad)).toThrow();
  });

  it('has message texts for every event', () => {
    for (const [name, view] of Object.entries(sampleViews)) {
      expect(templates.render('email', view.event, view)).toMatchSnapshot(name);
    }
  });
});
