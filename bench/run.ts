/**
 * `npm run bench`: every benchmark, printed as figures and ratios against baselines in the same
 * run. BENCH_SCALES=100000 skips the 1M-article index (about 4 minutes).
 */
import { benchExtraction, printSpeed } from './bench-extract.ts';
import { benchFingerprint, benchIndex, printEngine } from './bench-engine.ts';

printSpeed(benchExtraction());
printEngine(benchFingerprint(), benchIndex((process.env.BENCH_SCALES ?? '100000,1000000').split(',').map(Number)));
