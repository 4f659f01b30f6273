/**
 * Extraction speed over every corpus page, for copywatch and for the Readability baseline in the
 * same process: median ms per page, pages/s on one core, and peak RSS.
 */
import { extract } from '../src/extract/index.ts';
import { decodeHtml } from '../src/extract/charset.ts';
import { loadManifest, readPage } from './lib/corpus.ts';
import { readabilityText } from './lib/baseline-readability.ts';

export interface SpeedResult {
  engine: string;
  pages: number;
  medianMs: number;
  p95Ms: number;
  pagesPerSecond: number;
  peakRssMb: number;
}

function measure(engine: string, pages: Buffer[], run: (page: Buffer) => void): SpeedResult {
  for (const page of pages.slice(0, 30)) run(page); // warm-up
  const times: number[] = [];
  const started = performance.now();
  for (const page of pages) {
    const t = performance.now();
    run(page);
    times.push(performance.now() - t);
  }
  const total = performance.now() - started;
  times.sort((a, b) => a - b);
  return {
    engine,
    pages: pages.length,
    medianMs: times[Math.floor(times.length / 2)],
    p95Ms: times[Math.floor(times.length * 0.95)],
    pagesPerSecond: pages.length / (total / 1000),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

export function benchExtraction(): SpeedResult[] {
  const pages = loadManifest().map(readPage);
  const ours = measure('copywatch', pages, (page) => {
    extract(page);
  });
  // Readability needs a DOM: it is given the same decoded text, and linkedom builds the DOM.
  const baseline = measure('readability+linkedom', pages, (page) => {
    readabilityText(decodeHtml(page).text);
  });
  return [ours, baseline];
}

export function printSpeed(results: SpeedResult[]): void {
  const [ours, base] = results;
  console.log(`\nExtraction speed over ${ours.pages} corpus pages (one core, pages in memory)`);
  console.table(
    results.map((r) => ({
      engine: r.engine,
      'median ms/page': r.medianMs.toFixed(2),
      'p95 ms/page': r.p95Ms.toFixed(2),
      'pages/s': r.pagesPerSecond.toFixed(0),
      'peak RSS MB (cumulative)': r.peakRssMb.toFixed(0),
    })),
  );
  console.log(`throughput ratio copywatch / baseline: ${(ours.pagesPerSecond / base.pagesPerSecond).toFixed(1)}×`);
  console.log('(peak RSS is the process high-water mark after each engine ran; copywatch runs first, so its figure is its own)');
}

if (import.meta.url === `file://${process.argv[1]}`) printSpeed(benchExtraction());
