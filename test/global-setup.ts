import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * The service runs part of itself in a worker thread (the database thread),
 * which Node loads from the compiled dist/; compile it first so the tests run
 * the code as it is now.
 */
export default function compileServer() {
  const root = path.join(import.meta.dirname, '..');
  execFileSync(path.join(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
}
