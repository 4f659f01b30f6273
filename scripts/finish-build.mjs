// After `tsc -p tsconfig.build.json`: the dashboard's static files beside the compiled server, and
// the stamp bin/copywatch.js compares with the sources' times (a stale build is never run).
import { cpSync, rmSync, writeFileSync } from 'node:fs';

rmSync('dist/server/public', { recursive: true, force: true });
cpSync('src/server/public', 'dist/server/public', { recursive: true });
writeFileSync('dist/.built', `${new Date().toISOString()}\n`);
