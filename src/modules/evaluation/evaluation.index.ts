import type { CompiledCriteria, CompiledRule, FieldView, RuleFields } from '../rules/rules.evaluate.js';

/** What the index needs of a check: its alias and its matching criteria. */
export interface IndexableCheck {
  alias: string;
  matching: CompiledCriteria | null;
}

const GRAM = 3;

interface Entry<C> {
  needle: string;
  /** Where the gram stands in the needle. */
  offset: number;
  checks: C[];
}

interface ViewIndex<C> {
  view: FieldView;
  grams: Map<string, Entry<C>[]>;
}

// Short fields first: their text is cheap to scan.
const FIELD_COST: Record<string, number> = { subject: 0, from: 1, to: 1, attachmentName: 1, body: 2 };
// Job fields hold one short value each: cheaper than any message field.
const fieldCost = (field: string) => FIELD_COST[field] ?? -1;

/**
 * The rule whose failure rules a check out: a text rule (contains, equals,
 * startsWith, endsWith all need the text somewhere in the value) of an "all"
 * set, or the only rule of an "any" set; on the cheapest field to scan.
 */
function indexableRule(check: IndexableCheck): CompiledRule | null {
  const c = check.matching;
  if (!c || (c.criteria.mode === 'any' && c.rules.length > 1)) return null;
  const usable = c.rules.filter((r) => r.needle !== null && r.needle.length >= GRAM);
  usable.sort((a, b) => fieldCost(a.rule.field) - fieldCost(b.rule.field));
  return usable[0] ?? null;
}

/**
 * Every check set up for evaluation, with an index that finds the checks a
 * message to the bare inbox can possibly match without trying each one: each
 * check is filed under one three-character piece of a text its criteria need
 * (the piece the fewest other checks share), and a message's text is scanned
 * once for the pieces it holds. Only those checks, and checks the index cannot
 * file, are tried. The answer is the same as trying every check, in far less
 * time when there are thousands.
 */
export class CheckSet<C extends IndexableCheck = IndexableCheck> {
  readonly byAlias = new Map<string, C>();
  private readonly order = new Map<C, number>();
  private readonly views = new Map<string, ViewIndex<C>>();
  private readonly unindexed: C[] = [];

  constructor(readonly checks: C[]) {
    const filed: [C, CompiledRule][] = [];
    const gramCount = new Map<string, number>();
    checks.forEach((check, i) => {
      this.order.set(check, i);
      this.byAlias.set(check.alias, check);
      if (!check.matching) return;
      const rule = indexableRule(check);
      if (!rule) return this.unindexed.push(check);
      filed.push([check, rule]);
      for (let p = 0; p + GRAM <= rule.needle!.length; p++) gramCount.set(rule.needle!.substr(p, GRAM), (gramCount.get(rule.needle!.substr(p, GRAM)) ?? 0) + 1);
    });
    for (const [check, rule] of filed) this.file(check, rule, gramCount);
  }

  private file(check: C, rule: CompiledRule, gramCount: Map<string, number>) {
    const needle = rule.needle!;
    let offset = 0;
    for (let p = 1; p + GRAM <= needle.length; p++) {
      if (gramCount.get(needle.substr(p, GRAM))! < gramCount.get(needle.substr(offset, GRAM))!) offset = p;
    }
    let index = this.views.get(rule.view.key);
    if (!index) this.views.set(rule.view.key, (index = { view: rule.view, grams: new Map() }));
    const gram = needle.substr(offset, GRAM);
    const entries = index.grams.get(gram) ?? [];
    const entry = entries.find((e) => e.needle === needle && e.offset === offset);
    if (entry) entry.checks.push(check);
    else index.grams.set(gram, [...entries, { needle, offset, checks: [check] }]);
  }

  /** The checks given, each once, in catalog order. */
  inOrder(checks: Iterable<C>): C[] {
    return [...new Set(checks)].sort((a, b) => this.order.get(a)! - this.order.get(b)!);
  }

  /** The checks with criteria that a message with these fields might match. */
  candidates(fields: RuleFields): Set<C> {
    const found = new Set<C>(this.unindexed);
    for (const { view, grams } of this.views.values()) {
      for (const text of fields.values(view)) {
        for (let p = 0; p + GRAM <= text.length; p++) {
          const entries = grams.get(text.substr(p, GRAM));
          if (!entries) continue;
          for (const e of entries) if (text.startsWith(e.needle, p - e.offset)) for (const c of e.checks) found.add(c);
        }
      }
    }
    return found;
  }
}
