/**
 * Debugging aid: the pages where extraction scores lowest in the last eval run.
 * `node --import tsx bench/worst.ts [count] [id or source filter, e.g. wcxb or cwced/]`
 */
import { readFileSync } from 'node:fs';
import type { PageScore } from './eval-extraction.ts';
const filter = process.argv[3] ?? '';
const pages = (JSON.parse(readFileSync('bench/out/extraction-pages.json', 'utf8')) as PageScore[]).filter((p) => p.goldKind && p.id.includes(filter));
pages.sort((a, b) => a.ours.f1 - b.ours.f1);
for (const p of pages.slice(0, Number(process.argv[2] ?? 30))) {
  console.log(
    p.id.padEnd(24),
    p.lang.padEnd(8),
    (p.pageType ?? p.goldKind ?? '').padEnd(13),
    'F1',
    p.ours.f1.toFixed(3),
    'P',
    p.ours.precision.toFixed(2),
    'R',
    p.ours.recall.toFixed(2),
    'len×',
    String(p.lengthRatio).slice(0, 5),
    'base',
    p.baseline ? p.baseline.f1.toFixed(3) : '-',
    p.reason ?? '',
  );
}
