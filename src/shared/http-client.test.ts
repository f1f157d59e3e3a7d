import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressAllowed, createHttpClient, OutboundRefused } from './http-client.js';

let server: http.Server;
let port: number;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/redirect') return res.writeHead(302, { location: 'http://example.com/' }).end();
    if (req.url === '/big') return res.end('x'.repeat(200_000));
    if (req.url === '/slow') return setTimeout(() => res.end('late'), 2_000);
    res.end(`hello ${req.method}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }));

describe('addressAllowed', () => {
  const policy = { allowPrivate: false, allow: [] };
  it.each([
    ['93.184.215.14', true],
    ['2606:2800:21f:cb07:6820:80da:af6b:8b2c', true],
    ['127.0.0.1', false],
    ['10.1.2.3', false],
    ['172.16.0.1', false],
    ['192.168.1.10', false],
    ['169.254.169.254', false],
    ['100.64.0.1', false],
    ['0.0.0.0', false],
    ['224.0.0.1', false],
    ['::1', false],
    ['fe80::1', false],
    ['fc00::1', false],
    ['::ffff:127.0.0.1', false],
    ['2002:7f00:1::', false],
  ])('%s → %s', (ip, allowed) => {
    expect(addressAllowed(ip, policy)).toBe(allowed);
  });
  it('lets an allow-listed range through', () => {
    expect(addressAllowed('10.0.5.7', { allowPrivate: false, allow: ['10.0.5.0/24'] })).toBe(true);
    expect(addressAllowed('10.0.6.7', { allowPrivate: false, allow: ['10.0.5.0/24'] })).toBe(false);
  });
});

describe('the outbound client', () => {
  it('refuses loopback by address and by name, before connecting', async () => {
    const client = createHttpClient({ allowPrivate: false, allow: [] });
    await expect(client.send({ method: 'GET', url: `http://127.0.0.1:${port}/` })).rejects.toBeInstanceOf(OutboundRefused);
    await expect(client.send({ method: 'GET', url: `http://localhost:${port}/` })).rejects.toThrow(/not a public address/);
    await expect(client.send({ method: 'GET', url: `http://[::1]:${port}/` })).rejects.toBeInstanceOf(OutboundRefused);
    await client.close();
  });

  it('refuses other schemes', async () => {
    const client = createHttpClient({ allowPrivate: true, allow: [] });
    await expect(client.send({ method: 'GET', url: 'file:///etc/passwd' })).rejects.toThrow(/only http and https/);
    await client.close();
  });

  it('reaches an allow-listed host or range, or anything when private addresses are allowed', async () => {
    for (const policy of [{ allowPrivate: false, allow: ['localhost'] }, { allowPrivate: false, allow: ['127.0.0.0/8'] }, { allowPrivate: true, allow: [] }]) {
      const client = createHttpClient(policy);
      const res = await client.send({ method: 'POST', url: `http://localhost:${port}/` });
      expect(res).toMatchObject({ status: 200, body: 'hello POST' });
      await client.close();
    }
  });

  it('does not follow redirects', async () => {
    const client = createHttpClient({ allowPrivate: true, allow: [] });
    expect(await client.send({ method: 'GET', url: `http://127.0.0.1:${port}/redirect` })).toMatchObject({ status: 302, body: '' });
    await client.close();
  });

  it('reads at most the response limit', async () => {
    const client = createHttpClient({ allowPrivate: true, allow: [], maxResponseBytes: 1000 });
    const res = await client.send({ method: 'GET', url: `http://127.0.0.1:${port}/big` });
    expect(res.body).toHaveLength(1000);
    await client.close();
  });

  it('gives up after its time limit', async () => {
    const client = createHttpClient({ allowPrivate: true, allow: [], timeoutMs: 200 });
    await expect(client.send({ method: 'GET', url: `http://127.0.0.1:${port}/slow` })).rejects.toThrow();
    await client.close();
  });
});
