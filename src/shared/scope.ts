/**
 * The check groups a caller may see: null for every group (administrators,
 * API keys, viewers without a limit), else the ids of the only groups they may
 * see (none at all when empty). Checks without a group are in no scope.
 */
export type Scope = readonly number[] | null;
