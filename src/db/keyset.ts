import { sql } from 'kysely';
import type { TimeKey } from '../shared/pagination.js';

/** Rows after `key` in newest-first order, as a row-value comparison both SQLite and PostgreSQL index. */
export const olderThan = (table: 'messages' | 'activities', [receivedAt, id]: TimeKey) =>
  sql<boolean>`(${sql.ref(`${table}.received_at`)}, ${sql.ref(`${table}.id`)}) < (${receivedAt}, ${id})`;
