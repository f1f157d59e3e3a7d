import type { Compilable, CompiledQuery, QueryResult } from 'kysely';
import type { Db } from './database.js';

const SLOT = Symbol('slot');
type Slot = { readonly [SLOT]: string };
const isSlot = (v: unknown): v is Slot => typeof v === 'object' && v !== null && SLOT in v;

interface Compiled {
  query: CompiledQuery;
  /** Per parameter: the name of the value to put there, or a constant the builder wrote. */
  slots: ({ name: string } | { value: unknown })[];
}

/**
 * A query built and compiled once per dialect, then run with new values: Kysely
 * builds and compiles every query anew, which on the ingestion path cost as much
 * as running it. The builder gets a placeholder for each named value (use them
 * where a value goes, never to decide the query's shape) and its constants stay.
 */
export function queryTemplate<P extends Record<string, unknown>, R>(build: (db: Db, values: P) => Compilable<R>) {
  const byDialect = new Map<unknown, Compiled>();
  const placeholders = new Proxy({}, { get: (_, name) => ({ [SLOT]: String(name) }) }) as P;
  return (db: Db, values: P): Promise<QueryResult<R>> => {
    const executor = db.getExecutor();
    const dialect = executor.adapter.constructor;
    let compiled = byDialect.get(dialect);
    if (!compiled) {
      const query = build(db, placeholders).compile();
      compiled = { query, slots: query.parameters.map((p) => (isSlot(p) ? { name: p[SLOT] } : { value: p })) };
      byDialect.set(dialect, compiled);
    }
    // A named value left out is null: a template writes every column it names.
    const parameters = compiled.slots.map((s) => ('name' in s ? (values[s.name] ?? null) : s.value));
    return executor.executeQuery({ ...compiled.query, parameters }) as Promise<QueryResult<R>>;
  };
}

/** The placeholders for these columns as one object, for `.values()` and `.set()` (which read an object's own keys). */
export const pick = <P, K extends keyof P>(values: P, keys: readonly K[]): Pick<P, K> =>
  Object.fromEntries(keys.map((k) => [k, values[k]])) as Pick<P, K>;
