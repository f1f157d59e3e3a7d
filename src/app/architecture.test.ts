import path from 'node:path';
import { parseCircular, parseDependencyTree } from 'dpdm';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.join(import.meta.dirname, '../..');
const FORMATS = 'src/modules/formats/';
let imports: Map<string, string[]>;
let tree: Awaited<ReturnType<typeof parseDependencyTree>>;

beforeAll(async () => {
  tree = await parseDependencyTree(['src/**/*.ts', 'web/src/**/*.{ts,tsx}', 'test/**/*.ts', 'bench/**/*.ts'], {
    context: root,
    transform: false,
    skipDynamicImports: false,
    tsconfig: path.join(root, 'tsconfig.json'),
  });
  imports = new Map(Object.entries(tree).map(([file, deps]) => [file, (deps ?? []).flatMap((d) => (d.id ? [d.id] : []))]));
}, 60_000);

/** The format folder a file belongs to (`comet` for src/modules/formats/comet/comet.report.ts), or null. */
const formatOf = (file: string) => (file.startsWith(FORMATS) && file.slice(FORMATS.length).includes('/') ? file.slice(FORMATS.length).split('/')[0]! : null);

describe('the shape of the code', () => {
  it('has no import circle (type-only imports included)', () => {
    const circles = parseCircular(tree, false).map((c) => c.join(' → '));
    expect(circles).toEqual([]);
  });

  it('keeps the status vocabulary at the bottom: it imports nothing', () => {
    expect(imports.get('src/shared/status.ts')).toEqual([]);
  });

  it('lets nothing outside formats/ import a particular format, and no format another', () => {
    const crossings: string[] = [];
    for (const [file, deps] of imports) {
      if (!file.startsWith('src/') && !file.startsWith('web/')) continue;
      const own = formatOf(file);
      // The registry (formats/ itself) lists the formats; their own tests read their fixtures.
      if (file.startsWith(FORMATS) && own === null) continue;
      for (const dep of deps) {
        const target = formatOf(dep);
        if (target !== null && target !== own) crossings.push(`${file} → ${dep}`);
      }
    }
    expect(crossings).toEqual([]);
  });
});
