import dns from 'node:dns';
import net from 'node:net';
import ipaddr from 'ipaddr.js';
import { Agent, request } from 'undici';

export interface OutboundPolicy {
  /** Allow private, loopback and link-local destinations (BACKWATCH_ALLOW_PRIVATE_WEBHOOKS). */
  allowPrivate: boolean;
  /** Host names and CIDR ranges allowed even when private (BACKWATCH_OUTBOUND_ALLOW). */
  allow: string[];
  timeoutMs?: number;
  maxResponseBytes?: number;
}

export interface HttpRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  /** Bytes for a binary body (an encrypted Web Push message). */
  body?: string | Uint8Array;
  /** For an answer that must be read whole (a ticket with its comments): more than the client's usual limit. */
  maxResponseBytes?: number;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The body, cut at the response limit. */
  body: string;
}

export interface HttpClient {
  send(req: HttpRequest): Promise<HttpResponse>;
  close(): Promise<void>;
}

/** The request was not sent: its destination is not allowed. */
export class OutboundRefused extends Error {
  readonly code = 'outbound_refused';
}

function parseAllowList(entries: string[]) {
  const hosts = new Set<string>();
  const ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][] = [];
  for (const entry of entries.map((e) => e.trim()).filter(Boolean)) {
    if (entry.includes('/')) ranges.push(ipaddr.parseCIDR(entry));
    else if (ipaddr.isValid(entry)) ranges.push([ipaddr.parse(entry), ipaddr.parse(entry).kind() === 'ipv4' ? 32 : 128]);
    else hosts.add(entry.toLowerCase());
  }
  return { hosts, ranges };
}

/**
 * Refuses any destination that is not public unicast (private, loopback,
 * link-local, carrier-grade NAT, multicast, reserved, and IPv6 forms that embed
 * IPv4 such as 6to4) unless the policy allows it. The address is checked as
 * resolved, and the connection goes to that same address, so a DNS answer cannot
 * change between the check and the connect.
 */
export function addressAllowed(address: string, policy: OutboundPolicy, allow = parseAllowList(policy.allow)): boolean {
  if (policy.allowPrivate) return true;
  const ip = ipaddr.process(address);
  if (allow.ranges.some(([range, bits]) => range.kind() === ip.kind() && ip.match(range as never, bits))) return true;
  return ip.range() === 'unicast';
}

/** One client for every outbound HTTP request: guarded destinations, no redirects, bounded time and response size. */
export function createHttpClient(policy: OutboundPolicy): HttpClient {
  const allow = parseAllowList(policy.allow);
  const timeoutMs = policy.timeoutMs ?? 10_000;
  const maxResponseBytes = policy.maxResponseBytes ?? 64 * 1024;

  const guardedLookup: net.LookupFunction = (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 4);
      const list = addresses as dns.LookupAddress[];
      const refused = allow.hosts.has(hostname.toLowerCase()) ? [] : list.filter((a) => !addressAllowed(a.address, policy, allow));
      if (refused.length || !list.length) {
        return callback(new OutboundRefused(`${hostname} resolves to ${refused.map((a) => a.address).join(', ') || 'nothing'}, which is not a public address`), '', 4);
      }
      if ((options as dns.LookupOptions).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      callback(null, list[0]!.address, list[0]!.family);
    });
  };

  const agent = new Agent({ connect: { lookup: guardedLookup, timeout: timeoutMs }, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });

  return {
    async send(req) {
      const url = new URL(req.url);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new OutboundRefused(`only http and https URLs are allowed, not ${url.protocol}`);
      const host = url.hostname.replace(/^\[|\]$/g, '');
      if (net.isIP(host) && !allow.hosts.has(host) && !addressAllowed(host, policy, allow)) {
        throw new OutboundRefused(`${host} is not a public address`);
      }
      const res = await request(url, {
        method: req.method as never,
        headers: req.headers,
        body: req.body,
        dispatcher: agent,
        signal: AbortSignal.timeout(timeoutMs),
      });
      const limit = req.maxResponseBytes ?? maxResponseBytes;
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of res.body) {
        const buf = chunk as Buffer;
        if (size < limit) chunks.push(buf.subarray(0, limit - size));
        size += buf.length;
        if (size >= limit) {
          res.body.destroy();
          break;
        }
      }
      return { status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') };
    },
    close: () => agent.close(),
  };
}
