/**
 * Duplicati's text report (`--send-mail-result-output-format=Duplicati`, the
 * default): the result object printed one `Key: value` a line, lists as
 * `Key: [` … `]` with items indented four spaces, nested results (BackendStatistics)
 * as `Key:` with their lines indented; a run stopped by an exception starts
 * with `Failed:` and `Details:`; the log follows `Log data:`.
 */
export interface DuplicatiDump {
  /** Unindented `Key: value` lines: the operation's own result (nested results repeat ParsedResult). */
  fields: Map<string, string>;
  /** Unindented lists, each item as its lines (an item with an exception spans several). */
  lists: Map<string, string[][]>;
  /** Lists the text ends inside of: the report was cut off. */
  unclosed: string[];
  /** Nested results: their own four-space-indented `Key: value` lines. */
  sections: Map<string, Map<string, string>>;
  failed: string | null;
  details: string[];
  logData: string[];
}

export const MAX_DUMP_LINES = 5_000;
const KEY_VALUE = /^([A-Za-z][\w-]{0,63}):(?: (.*))?$/;
const SECTION_INDENT = '    ';

const indentOf = (line: string) => line.length - line.trimStart().length;

function keyValue(line: string): { key: string; value: string } | null {
  const m = KEY_VALUE.exec(line.trimEnd());
  return m ? { key: m[1]!, value: (m[2] ?? '').trim() } : null;
}

export function readDump(text: string): DuplicatiDump {
  const lines = text.split(/\r?\n/, MAX_DUMP_LINES);
  const dump: DuplicatiDump = { fields: new Map(), lists: new Map(), unclosed: [], sections: new Map(), failed: null, details: [], logData: [] };
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trimEnd() === 'Log data:') {
      dump.logData = lines.slice(i + 1).filter((l) => l.trim() !== '');
      break;
    }
    const found = indentOf(line) === 0 ? keyValue(line) : null;
    i++;
    if (!found) continue;
    const { key, value } = found;
    if (key === 'Failed' && dump.failed === null) dump.failed = value;
    else if (key === 'Details' && dump.details.length === 0) i = readDetails(lines, i, value, dump.details);
    else if (value === '[') i = readList(lines, i, key, dump);
    else if (value === '[]') dump.lists.set(key, []);
    else if (value === '') i = readSection(lines, i, key, dump);
    else if (!dump.fields.has(key)) dump.fields.set(key, value);
  }
  return dump;
}

/** The exception's text: its message, then indented stack lines and `---` separators. */
function readDetails(lines: string[], at: number, first: string, into: string[]): number {
  into.push(first);
  let i = at;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '' || (indentOf(line) === 0 && !line.startsWith('---'))) break;
    into.push(line.trim());
  }
  return i;
}

/** Items start four spaces in and end with a comma (the last without); a message's exception may run on unindented. */
function readList(lines: string[], at: number, key: string, dump: DuplicatiDump): number {
  const items: string[][] = [];
  let i = at;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trimEnd() === ']') break;
    if (line.trim() === '') continue;
    if (indentOf(line) === SECTION_INDENT.length || items.length === 0) items.push([line.trim()]);
    else items[items.length - 1]!.push(line.trim());
  }
  for (const item of items) {
    const last = item.length - 1;
    if (item[last]!.endsWith(',')) item[last] = item[last]!.slice(0, -1);
  }
  if (!dump.lists.has(key)) dump.lists.set(key, items);
  if (i >= lines.length) dump.unclosed.push(key);
  return i + 1;
}

/** A nested result's own lines; its lists (closed by an indented `]`) are passed over. */
function readSection(lines: string[], at: number, key: string, dump: DuplicatiDump): number {
  const fields = new Map<string, string>();
  let i = at;
  let inList = false;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (inList) {
      if (line.trimEnd() === `${SECTION_INDENT}]`) inList = false;
      continue;
    }
    if (line.trim() === '') continue;
    if (indentOf(line) === 0) break;
    if (indentOf(line) !== SECTION_INDENT.length) continue;
    const found = keyValue(line.trim());
    if (!found) continue;
    if (found.value === '[') inList = true;
    else if (!fields.has(found.key)) fields.set(found.key, found.value);
  }
  if (!dump.sections.has(key)) dump.sections.set(key, fields);
  return i;
}
