import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

// A push service standing in for FCM, Mozilla's or Apple's, checking what they check; written from the RFCs, not from web-push:
// https://www.rfc-editor.org/rfc/rfc8030 (POST to the push resource, TTL required, Urgency, Topic; 201 Created; 404/410 once a subscription is gone; 413 over 4096 bytes)
// https://www.rfc-editor.org/rfc/rfc8292 (Authorization: vapid t=<JWT>, k=<key>; ES256, aud the origin, exp within 24 hours, sub a contact; 401 without it, 403 when invalid or signed with another key)
// https://www.rfc-editor.org/rfc/rfc8291 (the key derivation from the browser's p256dh and auth secret; one record, the key id the sender's public key)
// https://www.rfc-editor.org/rfc/rfc8188 (aes128gcm: salt, record size, key id, the record ending in the delimiter 2 and zero padding)

/** What PushSubscription.toJSON() gives a page. */
export interface BrowserSubscription {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

export interface PushedMessage {
  endpoint: string;
  /** The message decrypted, as the browser's service worker reads it. */
  text: string;
  ttl: number;
  /** "normal" when the request had none. */
  urgency: string;
  topic: string | null;
  /** The claims the application server signed, and the key it signed them with. */
  vapid: { aud: string; exp: number; sub: string; k: string };
}

export interface PushService {
  url: string;
  /** A subscription made as a browser makes it: a fresh P-256 key pair and 16-byte auth secret, bound to the application server's key. */
  subscribe(applicationServerKey: string): BrowserSubscription;
  /** Every message accepted, decrypted. */
  received: PushedMessage[];
  /** Requests refused as not following the RFCs, with the reason. */
  refused: string[];
  /** From now on the endpoint answers with this status (410: the browser unsubscribed; 429, 503: the service is busy). */
  answer(endpoint: string, status: number): void;
  close(): Promise<void>;
}

interface Subscription {
  ecdh: crypto.ECDH;
  auth: Buffer;
  serverKey: Buffer;
  status: number | null;
}

const URGENCIES = ['very-low', 'low', 'normal', 'high'];
const hkdf = (ikm: Buffer, salt: Buffer, info: Buffer, length: number) => Buffer.from(crypto.hkdfSync('sha256', ikm, salt, info, length));

class Refusal extends Error {
  constructor(
    readonly status: number,
    reason: string,
  ) {
    super(reason);
  }
}

/** RFC 8291 over RFC 8188: what a browser does with the body it is pushed. */
export function decryptPush(body: Buffer, ecdh: crypto.ECDH, auth: Buffer): string {
  if (body.length < 21 + 65 + 17) throw new Refusal(400, 'too short for an aes128gcm header and one record');
  const salt = body.subarray(0, 16);
  const rs = body.readUInt32BE(16);
  const idlen = body[20]!;
  if (idlen !== 65) throw new Refusal(400, `the key id is the sender's public key (65 bytes), not ${idlen} bytes`);
  const senderKey = body.subarray(21, 21 + 65);
  const record = body.subarray(21 + 65);
  if (rs < 18 || record.length > rs) throw new Refusal(400, `one record only (record size ${rs}, ${record.length} bytes sent)`);
  let plain: Buffer;
  try {
    const ikm = hkdf(ecdh.computeSecret(senderKey), auth, Buffer.concat([Buffer.from('WebPush: info\0'), ecdh.getPublicKey(), senderKey]), 32);
    const key = hkdf(ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16);
    const nonce = hkdf(ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12);
    const decipher = crypto.createDecipheriv('aes-128-gcm', key, nonce);
    decipher.setAuthTag(record.subarray(-16));
    plain = Buffer.concat([decipher.update(record.subarray(0, -16)), decipher.final()]);
  } catch (e) {
    throw new Refusal(400, `cannot decrypt for this subscription: ${(e as Error).message}`);
  }
  let end = plain.length - 1;
  while (end >= 0 && plain[end] === 0) end--;
  if (plain[end] !== 2) throw new Refusal(400, 'the last record ends with the delimiter 2');
  return plain.subarray(0, end).toString('utf8');
}

/** RFC 8292: the token signed by the key it names, for this push service, expiring within a day. */
export function verifyVapid(authorization: string | undefined, audience: string, now = Date.now()): PushedMessage['vapid'] {
  const scheme = authorization?.match(/^vapid\s+(.+)$/i);
  if (!scheme) throw new Refusal(401, 'no vapid authorization');
  const params = Object.fromEntries(scheme[1]!.split(',').map((p) => p.trim().split(/=(.*)/s).slice(0, 2) as [string, string]));
  const [header, claims, signature] = (params.t ?? '').split('.');
  const k = Buffer.from(params.k ?? '', 'base64url');
  if (!header || !claims || !signature || k.length !== 65 || k[0] !== 4) throw new Refusal(403, 'vapid needs t (a JWT) and k (an uncompressed P-256 key)');
  if (JSON.parse(Buffer.from(header, 'base64url').toString()).alg !== 'ES256') throw new Refusal(403, 'the JWT is signed with ES256');
  const jwk = { kty: 'EC', crv: 'P-256', x: k.subarray(1, 33).toString('base64url'), y: k.subarray(33).toString('base64url') };
  const key = crypto.createPublicKey({ key: jwk, format: 'jwk' });
  const signed = crypto.verify('sha256', Buffer.from(`${header}.${claims}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'));
  if (!signed) throw new Refusal(403, 'the JWT signature does not verify with k');
  const { aud, exp, sub } = JSON.parse(Buffer.from(claims, 'base64url').toString());
  if (aud !== audience) throw new Refusal(403, `aud is ${aud}, not this push service (${audience})`);
  const seconds = now / 1000;
  if (typeof exp !== 'number' || exp <= seconds || exp > seconds + 24 * 60 * 60) throw new Refusal(403, 'exp is within the next 24 hours');
  if (typeof sub !== 'string' || !/^(mailto:|https:)/.test(sub)) throw new Refusal(403, 'sub is a mailto: or https: contact');
  return { aud, exp, sub, k: params.k! };
}

function checkHeaders(req: http.IncomingMessage) {
  const h = req.headers;
  if (!/^\d+$/.test(String(h.ttl ?? ''))) throw new Refusal(400, 'TTL is required, in seconds');
  if (h.urgency !== undefined && !URGENCIES.includes(String(h.urgency))) throw new Refusal(400, `Urgency is one of ${URGENCIES.join(', ')}`);
  if (h.topic !== undefined && !/^[A-Za-z0-9_-]{1,32}$/.test(String(h.topic))) throw new Refusal(400, 'Topic is up to 32 base64url characters');
  if (h['content-encoding'] !== 'aes128gcm') throw new Refusal(415, 'the message is encrypted with Content-Encoding: aes128gcm');
}

export async function startPushService(): Promise<PushService> {
  const subscriptions = new Map<string, Subscription>();
  const service: PushService = { url: '', received: [], refused: [], subscribe, answer, close: async () => {} };

  function subscribe(applicationServerKey: string): BrowserSubscription {
    const ecdh = crypto.createECDH('prime256v1');
    ecdh.generateKeys();
    const auth = crypto.randomBytes(16);
    const id = crypto.randomBytes(12).toString('base64url');
    subscriptions.set(id, { ecdh, auth, serverKey: Buffer.from(applicationServerKey, 'base64url'), status: null });
    return { endpoint: `${service.url}/push/${id}`, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') } };
  }

  function answer(endpoint: string, status: number) {
    const sub = subscriptions.get(endpoint.split('/').pop()!);
    if (!sub) throw new Error(`${endpoint} is not a subscription of this push service`);
    sub.status = status;
  }

  function deliver(req: http.IncomingMessage, body: Buffer): { status: number; reason?: string } {
    const sub = subscriptions.get(req.url?.match(/^\/push\/([\w-]+)$/)?.[1] ?? '');
    if (!sub) return { status: 404, reason: 'no such subscription' };
    if (sub.status) return { status: sub.status };
    if (req.method !== 'POST') throw new Refusal(405, 'a push message is POSTed');
    const vapid = verifyVapid(req.headers.authorization, service.url);
    if (!Buffer.from(vapid.k, 'base64url').equals(sub.serverKey)) throw new Refusal(403, "k is not the key the subscription was made with (the browser's applicationServerKey)");
    checkHeaders(req);
    if (body.length > 4096) throw new Refusal(413, `${body.length} bytes: a push service takes 4096`);
    const text = decryptPush(body, sub.ecdh, sub.auth);
    const topic = req.headers.topic;
    service.received.push({ endpoint: `${service.url}${req.url}`, text, ttl: Number(req.headers.ttl), urgency: String(req.headers.urgency ?? 'normal'), topic: topic ? String(topic) : null, vapid });
    return { status: 201 };
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let outcome: { status: number; reason?: string };
      try {
        outcome = deliver(req, Buffer.concat(chunks));
      } catch (e) {
        // Anything else that cannot be read (a JWT that is not JSON, a key off the curve) is a bad request too.
        const refusal = e instanceof Refusal ? e : new Refusal(400, (e as Error).message);
        service.refused.push(`${req.method} ${req.url}: ${refusal.message}`);
        outcome = { status: refusal.status, reason: refusal.message };
      }
      const headers = outcome.status === 201 ? { location: `${service.url}/message/${crypto.randomUUID()}`, ttl: String(req.headers.ttl) } : {};
      res.writeHead(outcome.status, { 'content-type': 'text/plain', ...headers }).end(outcome.reason ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  service.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  service.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return service;
}
