import type { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { LiveEvent } from '../../shared/events.js';
import type { ApiDeps } from '../api/api.types.js';
import type { AuthVariables } from '../sessions/sessions.http.js';
import { standingScope } from '../sessions/sessions.usecases.js';
import { eventWithin } from './live.repository.js';

/**
 * GET /events: Server-Sent Events for the console. `activity` when a report or
 * an overdue mark lands, `message` when a message is stored, `checks` when
 * checks or settings change. A comment every heartbeat keeps proxies from closing it.
 * A session's stream is checked at every heartbeat and ends with `expired`
 * once the session has (logout, timeout): the stream itself is not activity.
 * A user limited to some groups hears only of theirs; their groups are read
 * again at every heartbeat, so a change reaches an open stream too.
 */
export function registerLiveEvents(api: Hono<{ Variables: AuthVariables }>, deps: Pick<ApiDeps, 'db' | 'live' | 'accounts' | 'organization' | 'logger'>) {
  api.get('/events', (c) => {
    const auth = c.get('auth');
    const sessionId = auth?.kind === 'session' ? auth.session.id : null;
    let scope = c.get('scope');
    const stands = async () => {
      if (sessionId === null) return true;
      const standing = await standingScope(deps.accounts, sessionId, deps.organization.get().sessionTimeoutMinutes);
      if (standing) scope = standing.scope;
      return standing !== null;
    };
    return streamSSE(c, async (stream) => {
      let id = 0;
      const send = (event: LiveEvent) => stream.writeSSE({ event: event.type, data: JSON.stringify(event), id: String(++id) });
      // A limited user's events are looked up one after another, so they still arrive in order.
      let looked = Promise.resolve();
      const unsubscribe = deps.live.subscribe((event) => {
        const groups = scope;
        if (groups === null) {
          void send(event);
          return;
        }
        looked = looked.then(async () => {
          // A lookup that fails (a busy database) is tried again rather than losing the event unseen.
          for (let attempt = 1; !stream.aborted; attempt++) {
            try {
              if (await eventWithin(deps.db, event, groups)) await send(event);
              return;
            } catch (err) {
              deps.logger.warn({ err, event: event.type, attempt }, 'a live event could not be checked against the user\'s groups');
              if (attempt === 3) return;
              await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
            }
          }
        });
      });
      stream.onAbort(unsubscribe);
      await stream.writeSSE({ event: 'ready', data: '{}' });
      while (!stream.aborted) {
        await stream.sleep(deps.live.heartbeatMs);
        if (stream.aborted) break;
        if (!(await stands())) {
          await stream.writeSSE({ event: 'expired', data: '{}' });
          break;
        }
        await stream.write(': keep-alive\n\n');
      }
      unsubscribe();
    });
  });
}
