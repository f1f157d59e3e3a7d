/** An error the API can show: a stable code, a message for people, and its HTTP status. */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 502 | 503 = 400,
    readonly details?: unknown,
    /** Headers the answer carries (Retry-After on a 429). */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const notFound = (what: string, id: unknown) => new AppError(`${what}.not_found`, `${what} ${String(id)} does not exist`, 404);

export const invalid = (field: string, message: string) =>
  new AppError('validation_failed', `${field}: ${message}`, 400, { issues: [{ path: field, message }] });
