/**
 * `npm run bench`: every benchmark, printed as figures and ratios against baselines in the same
 * run. BENCH_SCALES=100000 skips the 1M-article index (about 4 minutes). The scan at scale
 * (bench-scan.ts, about 2 minutes) takes its size from BENCH_SCAN_PAGES and BENCH_SCAN_CORPUS
 * (default 20000 and 100000; e.g. 2000 and 10000 for a quick run). The server and queue benches
 * run as scripts of their own (they start their own processes); BENCH_QUEUE_ARGS passes options
 * to bench-queue.ts (e.g. `--skip-scale` leaves out the million-article corpus on PostgreSQL).
 * The image bench (bench-images.ts) indexes BENCH_IMAGES images (default 1,000,000: about 3.5 GB
 * of heap) and needs Debian's gnome-backgrounds for its 1 MP JPEGs.
 * bench-warc.ts (scan-warc over a WARC of the real corpus pages; BENCH_WARC_RECORDS captures,
 * default 10,000: about 10 minutes with its generation) runs as a script of its own too.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { benchCli } from './bench-cli.ts';
import { benchCrawl, printCrawl } from './bench-crawl.ts';
import { benchExtraction, printSpeed } from './bench-extract.ts';
import { runProfileBench } from './bench-profile.ts';
import { benchFingerprint, benchIndex, printEngine } from './bench-engine.ts';
import { benchScan, printScan } from './bench-scan.ts';
import { benchImageHashing, benchImageIndex, printImageBench } from './bench-images.ts';

function script(name: string, args: string[] = []): void {
  console.log(`\n== ${name} ==`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL(name, import.meta.url)), ...args], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.log(`${name} exited ${r.status ?? r.signal}`);
    process.exitCode = 1;
  }
}

benchCli();
printSpeed(benchExtraction());
runProfileBench();
printEngine(benchFingerprint(), benchIndex((process.env.BENCH_SCALES ?? '100000,1000000').split(',').map(Number)));
printImageBench(await benchImageHashing(), benchImageIndex(Number(process.env.BENCH_IMAGES ?? 1_000_000)));
printCrawl(await benchCrawl({ big: true }));
printScan(await benchScan());
script('bench-store.ts');
script('bench-server.ts');
script('bench-queue.ts', (process.env.BENCH_QUEUE_ARGS ?? '').split(' ').filter(Boolean));
script('bench-warc.ts');
