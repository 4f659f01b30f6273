#!/usr/bin/env node
// The installed `copywatch` command: runs the TypeScript sources through tsx's loader, so there
// is no build step between a checkout and a working command.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv);
