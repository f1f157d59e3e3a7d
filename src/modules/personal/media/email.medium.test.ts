import { describe, expect, it } from 'vitest';
import { mediumContext } from '../../../../test/helpers/channels.js';
import { sampleMessages } from '../../../../test/helpers/personal-messages.js';
import { smtpRefusal, smtpRelayForTest } from '../../../../test/helpers/smtp-relay.js';
import { emailMedium } from './email.medium.js';

const org = (port: number, over: Record<string, unknown> = {}) =>
  emailMedium.org.parse({ host: '127.0.0.1', port, security: 'none', from: 'backwatch@example.com', ...over });
const target = emailMedium.target.parse({ address: 'ana@example.com' });

describe('personal email', () => {
  it('sends the notification to the user alone: the title as Subject, the body and the link as text', async () => {
    const smtp = await smtpRelayForTest();
    expect(await emailMedium.send(org(smtp.port), target, sampleMessages.failure, mediumContext())).toMatchObject({ ok: true });
    expect(await emailMedium.send(org(smtp.port), target, sampleMessages.test, mediumContext({ idempotencyKey: 'delivery-0001' }))).toMatchObject({ ok: true });
    const [failure, test] = smtp.received;
    expect(failure).toMatchObject({
      fromText: 'backwatch@example.com',
      toText: 'ana@example.com',
      subject: 'Failure: User01: Documents (Acme Corp)',
      messageId: '<backwatch.delivery-0000-test@example.com>',
    });
    expect(failure!.text?.trim()).toBe(`${sampleMessages.failure.body}\n\nhttps://backwatch.example.com/checks/42`);
    expect(test).toMatchObject({ subject: 'Test notification from backwatch', messageId: '<backwatch.delivery-0001@example.com>' });
    expect(test!.text?.trim()).toBe(sampleMessages.test.body);
  });

  it('logs in to the relay with the user name and password configured', async () => {
    const smtp = await smtpRelayForTest({
      allowInsecureAuth: true,
      onAuth: (auth, _session, done) =>
        auth.username === 'alerts' && auth.password === 's3cret' ? done(null, { user: auth.username }) : done(smtpRefusal(535, 'Authentication failed')),
    });
    const login = (password: string) => emailMedium.send(org(smtp.port, { username: 'alerts', password }), target, sampleMessages.failure, mediumContext());
    expect(await login('s3cret')).toMatchObject({ ok: true });
    expect(await login('guess')).toMatchObject({ ok: false, retryable: false, status: 535 });
    expect(smtp.received).toHaveLength(1);
  });

  it.each([
    [550, false],
    [451, true],
  ])('reads the address refused with %i as a failure, retryable: %s', async (code, retryable) => {
    const smtp = await smtpRelayForTest({ onRcptTo: (_address, _session, done) => done(smtpRefusal(code, 'Not here')) });
    expect(await emailMedium.send(org(smtp.port), target, sampleMessages.failure, mediumContext())).toMatchObject({ ok: false, retryable, status: code });
    expect(smtp.received).toHaveLength(0);
  });

  it('takes a valid address, and a relay password only with a user name; the password is the secret', () => {
    expect(() => emailMedium.target.parse({ address: 'ana' })).toThrow();
    expect(() => org(25, { username: 'alerts' })).toThrow(/go together/);
    expect(org(25)).toMatchObject({ security: 'none', rejectUnauthorized: true });
    expect(emailMedium.orgSecrets).toEqual(['password']);
  });
});
