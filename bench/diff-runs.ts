/** Debugging aid: pages whose F1 moved between the last two eval runs. */
import { readFileSync } from 'node:fs';
import type { PageScore } from './eval-extraction.ts';
const load = (f: string) => new Map((JSON.parse(readFileSync(f, 'utf8')) as PageScore[]).map((p) => [p.id, p]));
const prev = load('bench/out/extraction-pages.prev.json');
const cur = load('bench/out/extraction-pages.json');
for (const [id, p] of cur) {
  const q = prev.get(id);
  if (q && Math.abs(q.ours.f1 - p.ours.f1) > 0.005) console.log(id.padEnd(26), q.ours.f1.toFixed(3), '→', p.ours.f1.toFixed(3));
}
