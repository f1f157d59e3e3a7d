import type { Role } from '../../db/schema.js';
import type { Scope } from '../../shared/scope.js';

/** A user's stored group list (JSON, null: every group). */
export const groupIdsOf = (stored: string | null): number[] | null => (stored === null ? null : (JSON.parse(stored) as number[]));

/** The list as stored: each id once, in order. */
export const packGroupIds = (ids: readonly number[] | null): string | null => (ids === null ? null : JSON.stringify([...new Set(ids)].sort((a, b) => a - b)));

/** What a user may see: administrators every group, whatever is stored. */
export const scopeOf = (user: { role: Role; group_ids: string | null }): Scope => (user.role === 'admin' ? null : groupIdsOf(user.group_ids));
