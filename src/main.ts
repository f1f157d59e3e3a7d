#!/usr/bin/env node
import v8 from 'node:v8';

// Memory: by default V8 lets a heap grow to several times what is live before it collects, and a
// busy ingestion thread allocates fast, so the service would sit at twice the memory it needs.
// Set before anything else is loaded. The main thread keeps V8's young generation (it was made
// before this line runs); the database thread, started later, gets one half its size.
v8.setFlagsFromString('--heap-growing-percent=50');
v8.setFlagsFromString('--max-semi-space-size=8');

const { runCli } = await import('./cli.js');

runCli(process.argv.slice(2), process.env, { out: (line) => console.log(line), err: (line) => console.error(line), stdin: process.stdin }).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
