import type { Db } from '../../db/database.js';
import { groupWithin, reportedWithin } from '../../db/scope.js';
import type { LiveEvent } from '../../shared/events.js';

/**
 * Whether a user limited to these groups hears of an event: a report or a mark
 * only of their checks, a message only once it gave one of them an activity
 * (never an unmatched one); that checks changed tells nothing of whose.
 */
export async function eventWithin(db: Db, event: LiveEvent, groups: readonly number[]): Promise<boolean> {
  switch (event.type) {
    case 'checks':
      return true;
    case 'activity':
      return (await db.selectFrom('checks').select('id').where('id', '=', event.checkId).where(groupWithin(groups, 'checks.group_id')).executeTakeFirst()) !== undefined;
    case 'message':
      if (!event.matched) return false;
      return (await db.selectFrom('messages').select('id').where('id', '=', event.messageId).where(reportedWithin(groups, 'message_id', 'messages.id')).executeTakeFirst()) !== undefined;
  }
}
