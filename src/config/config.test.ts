import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config.js';

describe('parseConfig', () => {
  it('has working defaults', () => {
    const c = parseConfig({});
    expect(c.dataDir).toBe('./data');
    expect(c.smtp).toMatchObject({ host: '127.0.0.1', port: 2525, maxMessageBytes: 25 * 1024 * 1024 });
    expect(c.http).toEqual({ host: '127.0.0.1', port: 8060 });
    expect(c.inbox).toEqual({ local: 'reports', domain: 'backwatch.local', address: 'reports@backwatch.local' });
  });

  it('reads the BACKWATCH_* variables', () => {
    const c = parseConfig({ BACKWATCH_SMTP_PORT: '25', BACKWATCH_INBOX: 'Backups@Example.COM', BACKWATCH_MAX_MESSAGE_BYTES: '1048576' });
    expect(c.smtp.port).toBe(25);
    expect(c.smtp.maxMessageBytes).toBe(1048576);
    expect(c.inbox.address).toBe('backups@example.com');
  });

  it('treats empty variables as unset', () => {
    expect(parseConfig({ BACKWATCH_HTTP_PORT: '' }).http.port).toBe(8060);
  });

  it('names every bad variable', () => {
    try {
      parseConfig({ BACKWATCH_SMTP_PORT: 'twenty-five', BACKWATCH_INBOX: 'reports+x@backwatch.local', BACKWATCH_HTTP_PORT: '70000' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const message = (e as Error).message;
      expect(message).toContain('BACKWATCH_SMTP_PORT');
      expect(message).toContain('BACKWATCH_INBOX');
      expect(message).toContain('BACKWATCH_HTTP_PORT');
    }
  });

  it('checks the outbound allow-list', () => {
    expect(parseConfig({ BACKWATCH_OUTBOUND_ALLOW: 'ntfy.lan, 10.0.5.0/24,192.168.1.9' }).outbound.allow).toEqual(['ntfy.lan', '10.0.5.0/24', '192.168.1.9']);
    expect(() => parseConfig({ BACKWATCH_OUTBOUND_ALLOW: '10.0.0.0/99' })).toThrow(/BACKWATCH_OUTBOUND_ALLOW/);
  });

  it('wants the TLS key and certificate together', () => {
    expect(() => parseConfig({ BACKWATCH_SMTP_TLS_KEY: '/k.pem' })).toThrow(/BACKWATCH_SMTP_TLS_KEY and BACKWATCH_SMTP_TLS_CERT/);
  });
});
