/** `npm run bench`: every benchmark, printed as figures and ratios against baselines in the same run. */
import { benchExtraction, printSpeed } from './bench-extract.ts';

printSpeed(benchExtraction());
