/**
 * Veeam lays its report out as nested tables. This reads the HTML as it was
 * sent into rows of cell texts, in the order the rows open, so a row keeps its
 * cells apart however long a job or VM name is. One pass, no backtracking;
 * unclosed cells, rows and tables are closed by what follows them.
 */

/** A cell's text: its lines (from <br>, <div>, <p>), trimmed, empty lines dropped. */
export type Row = string[];

export interface HtmlRead {
  rows: Row[];
  /** All the text, one line per block or cell, for footers and signatures. */
  lines: string[];
  /** The HTML was longer than this reader looks at. */
  cut: boolean;
}

export const MAX_HTML = 2 * 1024 * 1024;
const MAX_ROWS = 20_000;

const ENTITIES: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const ENTITY = /&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,8});/gi;
const LINE_BREAKING = new Set(['br', 'p', 'div', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
// Not <head>: a report whose head is never closed would lose its body.
const SKIPPED = new Set(['style', 'script', 'title']);

function decode(text: string): string {
  return text.replace(ENTITY, (whole, name: string) => {
    if (name[0] !== '#') return ENTITIES[name.toLowerCase()] ?? whole;
    const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** Lines of a cell or block: spaces collapsed (U+00A0 too), empty lines dropped. */
function linesOf(raw: string): string[] {
  return decode(raw)
    .split('\n')
    .map((line) => line.replace(/[\s\u00a0]+/g, ' ').trim())
    .filter(Boolean);
}

interface Table {
  row: Row | null;
  cell: string | null;
}

export function readHtml(source: string): HtmlRead {
  const cut = source.length > MAX_HTML;
  const html = cut ? source.slice(0, MAX_HTML) : source;
  const rows: Row[] = [];
  const lines: string[] = [];
  const tables: Table[] = [];
  let loose = '';

  const top = () => tables[tables.length - 1];
  const closeCell = (t: Table | undefined) => {
    if (!t || t.cell === null) return;
    const text = linesOf(t.cell);
    lines.push(...text);
    t.row?.push(text.join('\n'));
    t.cell = null;
  };
  const flushLoose = () => {
    if (loose) lines.push(...linesOf(loose));
    loose = '';
  };
  const openRow = (t: Table) => {
    closeCell(t);
    t.row = [];
    if (rows.length < MAX_ROWS) rows.push(t.row);
  };
  const addText = (text: string) => {
    const t = top();
    if (t && t.cell !== null) t.cell += text;
    else loose += text;
  };

  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) {
      addText(html.slice(i));
      break;
    }
    if (lt > i) addText(html.slice(i, lt));
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end < 0 ? html.length : end + 3;
      continue;
    }
    const gt = html.indexOf('>', lt + 1);
    if (gt < 0) break;
    const tag = /^<(\/?)([a-zA-Z][a-zA-Z0-9]{0,15})/.exec(html.slice(lt, Math.min(gt + 1, lt + 20)));
    i = gt + 1;
    if (!tag) {
      addText(html.slice(lt, gt + 1));
      continue;
    }
    const closing = tag[1] === '/';
    const name = tag[2]!.toLowerCase();
    if (!closing && SKIPPED.has(name) && !html.startsWith('/>', gt - 1)) {
      const end = new RegExp(`</${name}\\s*>`, 'gi');
      end.lastIndex = i;
      i = end.exec(html) ? end.lastIndex : html.length;
      continue;
    }
    const t = top();
    switch (name) {
      case 'table':
        if (closing) {
          closeCell(t);
          if (tables.length > 0) tables.pop();
        } else {
          flushLoose();
          tables.push({ row: null, cell: null });
        }
        break;
      case 'tr':
        if (!t) break;
        if (closing) {
          closeCell(t);
          t.row = null;
        } else openRow(t);
        break;
      case 'td':
      case 'th':
        if (!t) break;
        if (closing) closeCell(t);
        else {
          if (t.row === null) openRow(t);
          closeCell(t);
          t.cell = '';
        }
        break;
      default:
        if (LINE_BREAKING.has(name)) addText('\n');
    }
  }
  for (let k = tables.length - 1; k >= 0; k--) closeCell(tables[k]);
  flushLoose();
  // Rows of empty cells stay: an empty messages row closes vee-mail's Details section.
  return { rows: rows.filter((row) => row.length > 0), lines, cut };
}
