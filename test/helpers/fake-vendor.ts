import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface VendorRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The body parsed as JSON, or as a form when it is url-encoded; undefined when neither. */
  json: any;
}

export interface VendorAnswer {
  status: number;
  json?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

export type Route = [method: string, path: RegExp, handle: (req: VendorRequest, match: RegExpMatchArray) => VendorAnswer];

export interface FakeVendor {
  url: string;
  requests: VendorRequest[];
  /** Requests the fake refused as not matching the vendor's documented shape, with the reason. */
  refused: string[];
  /** While down, every request gets this answer (a vendor outage). */
  down: VendorAnswer | null;
  /**
   * A lost answer: the next request this matches is handled (the vendor acts) and then the
   * connection is dropped before the answer goes out. Cleared once it has dropped one.
   */
  dropAnswer: ((req: VendorRequest) => boolean) | null;
  /** An answer given instead of the route's to the requests it returns one for (a permission the account lacks). */
  override: ((req: VendorRequest) => VendorAnswer | undefined) | null;
  close(): Promise<void>;
}

/**
 * A stand-in for a vendor's REST API that we cannot reach from here: routes
 * implement the endpoints an integration calls, keep whatever state the test
 * needs (tickets, notes), and refuse with 400 what the vendor's documentation
 * would not accept (`reject` records why).
 */
export async function startFakeVendor(routes: Route[], check?: (req: VendorRequest) => string | null): Promise<FakeVendor> {
  const vendor: FakeVendor = { url: '', requests: [], refused: [], down: null, dropAnswer: null, override: null, close: async () => {} };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url!, 'http://fake');
      const body = Buffer.concat(chunks).toString('utf8');
      let json: any;
      try {
        json = req.headers['content-type']?.includes('application/x-www-form-urlencoded') ? Object.fromEntries(new URLSearchParams(body)) : body ? JSON.parse(body) : undefined;
      } catch {
        json = undefined;
      }
      const request: VendorRequest = { method: req.method!, path: url.pathname, query: url.searchParams, headers: req.headers, body, json };
      vendor.requests.push(request);
      const send = (a: VendorAnswer) => {
        if (vendor.dropAnswer?.(request)) {
          vendor.dropAnswer = null;
          req.socket.destroy();
          return;
        }
        res.writeHead(a.status, { 'content-type': a.json !== undefined ? 'application/json' : 'text/plain', ...a.headers });
        res.end(a.json !== undefined ? JSON.stringify(a.json) : (a.text ?? ''));
      };
      if (vendor.down) return send(vendor.down);
      const instead = vendor.override?.(request);
      if (instead) return send(instead);
      const problem = check?.(request) ?? null;
      if (problem) {
        vendor.refused.push(`${request.method} ${request.path}: ${problem}`);
        return send({ status: 400, json: { error: problem } });
      }
      for (const [method, pattern, handle] of routes) {
        const match = request.path.match(pattern);
        if (method === request.method && match) return send(handle(request, match));
      }
      vendor.refused.push(`${request.method} ${request.path}: no such endpoint`);
      send({ status: 404, json: { error: 'no such endpoint' } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  vendor.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  vendor.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return vendor;
}
