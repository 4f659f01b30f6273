#!/usr/bin/env node
// The installed `copywatch` command. It runs the compiled JavaScript in dist/ (built by `npm
// install` through the `prepare` script, or `npm run build`) when that build is newer than every
// source file; otherwise (a checkout being edited, or no build) it runs the TypeScript sources
// through tsx's loader, which compiles them at every start (about a second slower).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const stamp = join(root, 'dist', '.built');

/** Whether any file below `dir` changed after `time` (ms). */
function changedAfter(dir, time) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() ? changedAfter(path, time) : statSync(path).mtimeMs > time) return true;
  }
  return false;
}

let main;
if (existsSync(stamp) && !changedAfter(join(root, 'src'), statSync(stamp).mtimeMs)) {
  ({ main } = await import('../dist/cli/main.js'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv);
