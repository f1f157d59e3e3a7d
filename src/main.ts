#!/usr/bin/env node
import { runCli } from './cli.js';

runCli(process.argv.slice(2), process.env, { out: (line) => console.log(line), err: (line) => console.error(line), stdin: process.stdin }).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
