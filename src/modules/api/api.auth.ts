import type { MiddlewareHandler } from 'hono';
import type { Db } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { authenticateApiKey } from '../apikeys/apikeys.usecases.js';
import { errorBody } from './api.errors.js';

export type AuthVariables = { apiKey: { id: number; name: string } };

/** Bearer API keys on every route this middleware guards. */
export function requireApiKey(deps: { db: Db; clock: Clock }): MiddlewareHandler<{ Variables: AuthVariables }> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const key = match && (await authenticateApiKey(deps, match[1]!));
    if (!key) {
      c.header('WWW-Authenticate', 'Bearer realm="backwatch"');
      return c.json(errorBody('unauthorized', match ? 'the API key is not valid' : 'send an API key: Authorization: Bearer <key>'), 401);
    }
    c.set('apiKey', key);
    await next();
  };
}
