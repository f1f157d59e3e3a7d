/** An answer the API refused, with its stable code (validation_failed, session.expired…). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;
let onExpired: () => void = () => {};

/** The session's CSRF token, sent with every change (from GET /session). */
export const setCsrfToken = (token: string | null) => {
  csrfToken = token;
};

/** What to do when the server says the session is over. */
export const onSessionExpired = (handler: () => void) => {
  onExpired = handler;
};

/** The server ended the session by other means (the live stream said so). */
export const sessionEnded = () => onExpired();

/** The console talks only to the public REST API, with the session cookie. */
export async function api<T = any>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const res = await fetch(`/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  if (res.status === 204) return undefined as T;
  const data = res.headers.get('content-type')?.includes('json') ? await res.json() : await res.text();
  if (!res.ok) {
    const error = typeof data === 'object' && data?.error ? data.error : { code: 'http', message: `HTTP ${res.status}` };
    if (res.status === 401 && path !== '/session') onExpired();
    throw new ApiError(res.status, error.code, error.message, error.issues);
  }
  return data as T;
}

/** Every page of a list endpoint, followed through its cursors. */
export async function apiAll<T = any>(path: string, limit = 500): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page: { items: T[]; nextCursor: string | null } = await api('GET', `${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}
