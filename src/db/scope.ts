import { type Expression, type SqlBool, sql } from 'kysely';
import type { Scope } from '../shared/scope.js';

type Groups = readonly number[];

const nothing = sql<SqlBool>`1 = 0`;

/** The one filter every scoped read is built from: a group id column is one of the groups. */
export const groupWithin = (groups: Groups, column: string): Expression<SqlBool> =>
  groups.length ? sql<SqlBool>`${sql.ref(column)} in (${sql.join(groups)})` : nothing;

/** A check id column names a check of the groups. */
export const checkWithin = (groups: Groups, column: string): Expression<SqlBool> =>
  sql<SqlBool>`${sql.ref(column)} in (select checks.id from checks where ${groupWithin(groups, 'checks.group_id')})`;

/** A message or job (by its id column) gave an activity to a check of the groups: unmatched ones are in no group. */
export const reportedWithin = (groups: Groups, by: 'message_id' | 'job_id', column: string): Expression<SqlBool> =>
  sql<SqlBool>`exists (select 1 from activities inner join checks on checks.id = activities.check_id where ${sql.ref(`activities.${by}`)} = ${sql.ref(column)} and ${groupWithin(groups, 'checks.group_id')})`;

/** The query unchanged for every group (the same SQL as without scopes), else narrowed to the scope's groups. */
export function scoped<Q extends { where(condition: Expression<SqlBool>): Q }>(query: Q, scope: Scope, condition: (groups: Groups) => Expression<SqlBool>): Q {
  return scope === null ? query : query.where(condition(scope));
}
