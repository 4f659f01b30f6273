/**
 * Diagnostic: per-page precision, recall, F1 and length ratio (extracted chars / reference chars)
 * over every corpus page with a reference (human or silver), grouped by source, language and wcxb
 * page type, with the count of wholesale failures (F1 < 0.5, or length ratio > 3 or < 0.3).
 * Writes bench/out/diag-pages.json; with `--compare FILE` prints pages whose F1 moved by > 0.05.
 *   node --import tsx bench/diag-extraction.ts [--compare bench/out/diag-before.json] [--only id]
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { extract } from '../src/extract/index.ts';
import { loadManifest, readGold, readPage, type CorpusPage } from './lib/corpus.ts';
import { mean, scoreText, tokens } from './lib/score.ts';

interface Row {
  id: string;
  group: string;
  lang: string;
  f1: number;
  p: number;
  r: number;
  ratio: number;
  reason?: string;
}

const args = process.argv.slice(2);
const compareAt = args.indexOf('--compare');
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? args[onlyAt + 1] : null;
const rows: Row[] = [];
for (const page of loadManifest() as Array<CorpusPage & { pageType?: string }>) {
  if (!page.gold) continue;
  if (only && !page.id.includes(only)) continue;
  const gold = readGold(page) ?? '';
  const result = extract(readPage(page), { url: page.url });
  const text = result.ok ? result.article.text : '';
  const s = scoreText(text, gold);
  const group = page.source === 'wcxb' ? `wcxb-${page.pageType ?? 'none'}` : page.source;
  const goldTokens = tokens(gold).length;
  rows.push({
    id: page.id,
    group,
    lang: page.lang,
    f1: s.f1,
    p: s.precision,
    r: s.recall,
    ratio: goldTokens ? tokens(text).length / goldTokens : 0,
    reason: result.ok ? undefined : result.reason,
  });
}
const wholesale = (r: Row) => r.f1 < 0.5 || r.ratio > 3 || r.ratio < 0.3;
const groups = new Map<string, Row[]>();
for (const r of rows) for (const k of [r.group, `lang:${r.lang}`]) groups.set(k, [...(groups.get(k) ?? []), r]);
console.table(
  [...groups].sort().map(([g, rs]) => ({
    group: g,
    n: rs.length,
    F1: mean(rs.map((r) => r.f1)).toFixed(3),
    P: mean(rs.map((r) => r.p)).toFixed(3),
    R: mean(rs.map((r) => r.r)).toFixed(3),
    wholesale: rs.filter(wholesale).length,
  })),
);
mkdirSync('bench/out', { recursive: true });
if (!only) writeFileSync('bench/out/diag-pages.json', JSON.stringify(rows, null, 1));
if (compareAt >= 0 && existsSync(args[compareAt + 1])) {
  const before = new Map((JSON.parse(readFileSync(args[compareAt + 1], 'utf8')) as Row[]).map((r) => [r.id, r]));
  for (const r of rows) {
    const b = before.get(r.id);
    if (b && Math.abs(b.f1 - r.f1) > (process.env.DELTA ? Number(process.env.DELTA) : 0.05))
      console.log(
        r.f1 > b.f1 ? '+' : '-',
        r.id.padEnd(28),
        r.group.padEnd(20),
        b.f1.toFixed(3),
        '→',
        r.f1.toFixed(3),
        'ratio',
        b.ratio.toFixed(2),
        '→',
        r.ratio.toFixed(2),
      );
  }
}
if (args.includes('--wholesale'))
  for (const r of rows.filter(wholesale).sort((a, b) => a.group.localeCompare(b.group)))
    console.log(
      r.id.padEnd(28),
      r.group.padEnd(20),
      r.lang.padEnd(6),
      'F1',
      r.f1.toFixed(3),
      'P',
      r.p.toFixed(2),
      'R',
      r.r.toFixed(2),
      'ratio',
      r.ratio.toFixed(2),
      r.reason ?? '',
    );
