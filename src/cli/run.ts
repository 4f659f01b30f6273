/** Runs the command line (for bench-cli: the same entry as bin/copywatch.js, without its build check). */
import { main } from './main.ts';

process.exitCode = await main(process.argv);
