interface ParsedVersion {
  release: number[];
  /** The identifiers after "-" (`beta.2` → ['beta', '2']); empty for a release. */
  pre: string[];
}

function parse(version: string): ParsedVersion {
  // Build metadata ("+build.5") says nothing about order; a leading "v" is decoration.
  const [core = '', ...pre] = version.trim().replace(/^v/i, '').split('+')[0]!.split(/[-\s]+/);
  return {
    release: core.split('.').map((part) => Number.parseInt(part, 10) || 0),
    pre: pre.join('.').split('.').filter(Boolean),
  };
}

const sign = (n: number) => (n > 0 ? 1 : n < 0 ? -1 : 0);

function compareIdentifiers(a: string, b: string): number {
  const numeric = /^\d+$/;
  if (numeric.test(a) && numeric.test(b)) return sign(Number(a) - Number(b));
  if (numeric.test(a) !== numeric.test(b)) return numeric.test(a) ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders Comet client versions (`18.9.5` < `23.12.1`; `24.3.0-beta` < `24.3.0`): negative, 0 or positive. */
export function compareVersions(a: string, b: string): number {
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < Math.max(x.release.length, y.release.length); i++) {
    const d = (x.release[i] ?? 0) - (y.release[i] ?? 0);
    if (d) return sign(d);
  }
  if (!x.pre.length || !y.pre.length) return sign(y.pre.length - x.pre.length);
  for (let i = 0; i < Math.max(x.pre.length, y.pre.length); i++) {
    // A shorter pre-release sorts first when the rest is equal (beta < beta.2).
    if (x.pre[i] === undefined) return -1;
    if (y.pre[i] === undefined) return 1;
    const d = compareIdentifiers(x.pre[i]!, y.pre[i]!);
    if (d) return d;
  }
  return 0;
}

/** The highest of the versions, as written; null when there is none. */
export function newestVersion(versions: Iterable<string>): string | null {
  let newest: string | null = null;
  for (const v of versions) {
    if (!v.trim()) continue;
    if (newest === null || compareVersions(v, newest) > 0) newest = v;
  }
  return newest;
}

/** Whether a client runs a version older than the newest one seen; unknown versions are not outdated. */
export function isOutdated(version: string | null, newest: string | null): boolean {
  if (!version?.trim() || !newest?.trim()) return false;
  return compareVersions(version, newest) < 0;
}
