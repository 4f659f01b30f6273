/**
 * `npm run eval`: every quality measurement over ../shared/corpus, printed as tables, checked
 * against the floors in bench/floors.json. Exits 1 when a figure falls below its floor.
 */
import { readFileSync } from 'node:fs';
import { evaluateExtraction, printExtraction } from './eval-extraction.ts';

interface Floors {
  extraction: { floors: Record<string, number>; beatsBaseline: string[] };
}

const floors = JSON.parse(readFileSync(new URL('./floors.json', import.meta.url), 'utf8')) as Floors;
const failures: string[] = [];

const extraction = evaluateExtraction();
printExtraction(extraction);
for (const [group, floor] of Object.entries(floors.extraction.floors)) {
  const g = extraction.groups[group];
  if (!g) failures.push(`extraction ${group}: no pages scored`);
  else if (g.ours < floor) failures.push(`extraction ${group}: F1 ${g.ours.toFixed(3)} is below its floor ${floor}`);
}
for (const group of floors.extraction.beatsBaseline) {
  const g = extraction.groups[group];
  if (g && g.ours < g.baseline) failures.push(`extraction ${group}: F1 ${g.ours.toFixed(3)} is below the Readability baseline ${g.baseline.toFixed(3)}`);
}

if (failures.length) {
  console.error(`\nQuality floors not met:\n${failures.map((f) => `- ${f}`).join('\n')}`);
  process.exit(1);
}
console.log('\nAll quality floors met.');
