/**
 * `npm run eval`: every quality measurement over ../shared/corpus, printed as tables, checked
 * against the floors in bench/floors.json. Exits 1 when a figure falls below its floor.
 */
import { readFileSync } from 'node:fs';
import { evaluateExtraction, printExtraction } from './eval-extraction.ts';
import { evaluateMatching, printMatching } from './eval-matching.ts';

interface Floors {
  extraction: { floors: Record<string, number>; beatsBaseline: string[] };
  matching: { recall: Record<string, number>; precision: number; sameTemplateFalsePositiveRateMax: number; containmentWithin10: number };
}

const floors = JSON.parse(readFileSync(new URL('./floors.json', import.meta.url), 'utf8')) as Floors;
const failures: string[] = [];
const below = (what: string, value: number, floor: number) => {
  if (!(value >= floor)) failures.push(`${what}: ${value.toFixed(3)} is below its floor ${floor}`);
};

const extraction = evaluateExtraction();
printExtraction(extraction);
for (const [group, floor] of Object.entries(floors.extraction.floors)) {
  const g = extraction.groups[group];
  if (!g) failures.push(`extraction ${group}: no pages scored`);
  else below(`extraction ${group} F1`, g.ours, floor);
}
for (const group of floors.extraction.beatsBaseline) {
  const g = extraction.groups[group];
  if (g && g.ours < g.baseline) failures.push(`extraction ${group}: F1 ${g.ours.toFixed(3)} is below the Readability baseline ${g.baseline.toFixed(3)}`);
}

const matching = evaluateMatching();
printMatching(matching);
const m = matching.metrics;
for (const [group, floor] of Object.entries(floors.matching.recall)) below(`matching recall on ${group}`, m.recall[group] ?? 0, floor);
below('matching precision', m.precision, floors.matching.precision);
below('matching containment within ±0.10', m.containmentWithin10, floors.matching.containmentWithin10);
if (m.sameTemplateFpRate > floors.matching.sameTemplateFalsePositiveRateMax) {
  failures.push(`matching same-template false positives: ${(m.sameTemplateFpRate * 100).toFixed(2)}% is above the ceiling ${(floors.matching.sameTemplateFalsePositiveRateMax * 100).toFixed(2)}%`);
}

if (failures.length) {
  console.error(`\nQuality floors not met:\n${failures.map((f) => `- ${f}`).join('\n')}`);
  process.exit(1);
}
console.log('\nAll quality floors met.');
