/**
 * `npm run bench`: every benchmark, printed as figures and ratios against baselines in the same
 * run. BENCH_SCALES=100000 skips the 1M-article index (about 4 minutes). The scan at scale
 * (bench-scan.ts, about 4 minutes) takes its size from BENCH_SCAN_PAGES and BENCH_SCAN_CORPUS
 * (default 20000 and 100000; e.g. 2000 and 10000 for a quick run).
 */
import { benchExtraction, printSpeed } from './bench-extract.ts';
import { benchFingerprint, benchIndex, printEngine } from './bench-engine.ts';
import { benchCrawl, printCrawl } from './bench-crawl.ts';
import { benchScan, printScan } from './bench-scan.ts';

printSpeed(benchExtraction());
printEngine(benchFingerprint(), benchIndex((process.env.BENCH_SCALES ?? '100000,1000000').split(',').map(Number)));
printCrawl(await benchCrawl({ big: true }));
printScan(await benchScan());
