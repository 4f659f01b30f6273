/**
 * Start-up time of the `copywatch` command a user feels: `--help` and a one-page `extract`, the
 * compiled build (dist/, what `npm install` builds) and the TypeScript sources through tsx (what
 * runs while a checkout is being edited), each against bare `node -e 0` in the same run, as ratios
 * (the goal: --help ≤ 6×, one-page extract ≤ 10× bare node). Medians of alternating rounds.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PAGE = 'tests/support/pages/epaper-sample.gbk.html';

function timeOf(args: string[]): number {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}`);
  return performance.now() - t;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export function benchCli(rounds = 7): void {
  if (!existsSync(`${ROOT}/dist/.built`)) {
    console.log('\nCLI start-up: no build (run `npm run build`); skipped');
    return;
  }
  const cases: Record<string, string[]> = {
    'node -e 0 (baseline)': ['-e', '0'],
    'copywatch --help (compiled)': ['dist/cli/run.js', '--help'],
    'copywatch extract page (compiled)': ['dist/cli/run.js', 'extract', PAGE],
    'copywatch --help (sources, tsx)': ['--import', 'tsx', 'src/cli/run.ts', '--help'],
    'copywatch extract page (sources, tsx)': ['--import', 'tsx', 'src/cli/run.ts', 'extract', PAGE],
  };
  const times = Object.fromEntries(Object.keys(cases).map((k) => [k, [] as number[]]));
  for (let i = 0; i < rounds; i++) for (const [k, args] of Object.entries(cases)) times[k].push(timeOf(args));
  const base = median(times['node -e 0 (baseline)']);
  console.log(`\nCLI start-up (median of ${rounds} alternating rounds)`);
  console.table(
    Object.entries(times).map(([what, xs]) => ({ what, 'median ms': Math.round(median(xs)), 'ratio to bare node': (median(xs) / base).toFixed(1) })),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) benchCli();
