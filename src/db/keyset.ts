import { sql } from 'kysely';
import type { TimeKey } from '../shared/pagination.js';

/** Rows after `key` in newest-first order, as a row-value comparison both SQLite and PostgreSQL index. */
export const olderThan = (table: 'messages' | 'activities', [receivedAt, id]: TimeKey) =>
  sql<boolean>`(${sql.ref(`${table}.received_at`)}, ${sql.ref(`${table}.id`)}) < (${receivedAt}, ${id})`;

/** Rows with a smaller id, for lists ordered by id, newest first. */
export const olderThanById = (table: 'deliveries', id: number) => sql<boolean>`${sql.ref(`${table}.id`)} < ${id}`;
