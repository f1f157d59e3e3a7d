import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ZodError } from 'zod';
import { AppError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import { isUniqueViolation } from '../../db/dialect.js';

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'validation_failed' }),
      message: z.string().openapi({ example: 'name: Too small: expected string to have >=1 characters' }),
      issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    }),
  })
  .openapi('Error');

const json = { 'application/json': { schema: errorSchema } };

/** The error answers every authenticated route can give, for the OpenAPI document. */
export const errorResponses = {
  400: { content: json, description: 'Invalid input; the message names the field' },
  401: { content: json, description: 'No valid API key or session (`unauthorized`), or the session expired (`session.expired`)' },
  403: { content: json, description: 'Not allowed: a viewer changing something (`forbidden`), or a session request without its `X-CSRF-Token` (`csrf.invalid`)' },
  404: { content: json, description: 'No such resource, or one outside the groups the caller is limited to' },
} as const;

export const conflictResponse = { 409: { content: json, description: 'Conflicts with existing data' } } as const;

export const throttledResponse = {
  429: { content: json, description: 'Too many failed attempts for this username from this address; `Retry-After` says how many seconds to wait' },
} as const;

/** `matching.rules[1].value` rather than zod's array path. */
function fieldPath(target: string, path: PropertyKey[]): string {
  const inner = path.reduce<string>((out, p) => (typeof p === 'number' ? `${out}[${p}]` : out ? `${out}.${String(p)}` : String(p)), '');
  if (target === 'json') return inner || 'body';
  return inner ? `${target}.${inner}` : target;
}

export function validationError(c: Context, target: string, error: ZodError) {
  const issues = error.issues.map((i) => ({ path: fieldPath(target, i.path), message: i.message }));
  const message = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  return c.json({ error: { code: 'validation_failed', message, issues } }, 400);
}

export function errorBody(code: string, message: string) {
  return { error: { code, message } };
}

/** The one place errors become HTTP answers; anything unexpected is logged and hidden. */
export function handleError(logger: Logger) {
  return (err: Error, c: Context) => {
    if (err instanceof AppError) {
      const details = err.details && typeof err.details === 'object' ? err.details : {};
      for (const [name, value] of Object.entries(err.headers ?? {})) c.header(name, value);
      return c.json({ error: { code: err.code, message: err.message, ...details } }, err.status);
    }
    if (err instanceof HTTPException) {
      const status = err.status;
      const code = status === 413 ? 'payload_too_large' : status === 415 ? 'unsupported_media_type' : status === 401 ? 'unauthorized' : 'bad_request';
      return c.json(errorBody(code, err.message || 'bad request'), status);
    }
    // Two requests (or nodes) raced for one unique name and the use case did not say which field: still a conflict.
    if (isUniqueViolation(err)) return c.json(errorBody('conflict', 'the change conflicts with one made at the same time; reload and try again'), 409);
    logger.error({ err, method: c.req.method, path: c.req.path }, 'unhandled error');
    return c.json(errorBody('internal', 'internal server error'), 500);
  };
}
