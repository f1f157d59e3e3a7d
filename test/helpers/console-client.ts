/**
 * A client that behaves as the console's page does: it keeps the cookies the
 * server sets and sends them back, and sends the session's CSRF token (taken
 * from any answer that carries `csrfToken`) with every request but GET.
 */
export interface ConsoleClient {
  csrfToken: string | null;
  cookies: Map<string, string>;
  request<T = any>(
    method: string,
    url: string,
    body?: unknown,
    options?: { headers?: Record<string, string>; csrf?: boolean },
  ): Promise<{ status: number; body: T; headers: Headers }>;
}

export function consoleClient(port: number): ConsoleClient {
  const base = `http://127.0.0.1:${port}/api/v1`;
  const b: ConsoleClient = {
    csrfToken: null,
    cookies: new Map(),
    async request(method, url, body, options = {}) {
      const headers: Record<string, string> = { ...(body === undefined ? {} : { 'content-type': 'application/json' }) };
      if (b.cookies.size) headers.cookie = [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      if (method !== 'GET' && b.csrfToken && options.csrf !== false) headers['x-csrf-token'] = b.csrfToken;
      const res = await fetch(base + url, { method, headers: { ...headers, ...options.headers }, body: body === undefined ? undefined : JSON.stringify(body) });
      for (const line of res.headers.getSetCookie()) {
        const [pair, ...attributes] = line.split(';');
        const [name, ...value] = pair!.split('=');
        const gone = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a));
        if (gone) b.cookies.delete(name!.trim());
        else b.cookies.set(name!.trim(), value.join('='));
      }
      const text = await res.text();
      const parsed = res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
      if (parsed && typeof parsed === 'object' && 'csrfToken' in parsed) b.csrfToken = parsed.csrfToken;
      return { status: res.status, body: parsed, headers: res.headers };
    },
  };
  return b;
}

/** Logs a new client in with a password (and nothing else). */
export async function loggedIn(port: number, username: string, password: string): Promise<ConsoleClient> {
  const b = consoleClient(port);
  const res = await b.request('POST', '/session', { username, password });
  if (res.status !== 200) throw new Error(`login of ${username} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return b;
}
