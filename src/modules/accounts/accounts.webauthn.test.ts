import { describe, expect, it } from 'vitest';
import { relyingParty } from './accounts.webauthn.js';

describe('the WebAuthn relying party', () => {
  it('is BACKWATCH_PUBLIC_URL when set, whatever the request says', () => {
    expect(relyingParty({ url: 'http://127.0.0.1:8060/api/v1/x', host: '127.0.0.1:8060' }, 'https://backwatch.example.com/')).toEqual({
      id: 'backwatch.example.com',
      origins: ['https://backwatch.example.com'],
      available: true,
    });
  });

  it('is otherwise the request\'s host, over either scheme', () => {
    expect(relyingParty({ url: 'http://localhost:8060/api/v1/x', host: 'localhost:8060' })).toEqual({
      id: 'localhost',
      origins: ['https://localhost:8060', 'http://localhost:8060'],
      available: true,
    });
    expect(relyingParty({ url: 'http://10.0.0.5:8060/x', host: 'watch.lan', forwardedProto: 'https' })).toMatchObject({ id: 'watch.lan', available: true });
  });

  it('is unavailable where browsers refuse WebAuthn: plain HTTP off localhost, and IP addresses', () => {
    expect(relyingParty({ url: 'http://watch.lan:8060/x', host: 'watch.lan:8060' }).available).toBe(false);
    expect(relyingParty({ url: 'http://127.0.0.1:8060/x', host: '127.0.0.1:8060' }).available).toBe(false);
    expect(relyingParty({ url: 'https://10.0.0.5/x', host: '10.0.0.5' }).available).toBe(false);
    expect(relyingParty({ url: 'http://[::1]:8060/x', host: '[::1]:8060' }).available).toBe(false);
    expect(relyingParty({ url: 'http://app.localhost:8060/x', host: 'app.localhost:8060' }).available).toBe(true);
  });
});
