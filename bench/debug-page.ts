/** Debugging aid: shows one corpus page's extraction against its reference. */
import { extract } from '../src/extract/index.ts';
import { parseHtml } from '../src/extract/dom.ts';
import { decodeHtml } from '../src/extract/charset.ts';
import { findMainText } from '../src/extract/main-text.ts';
import { loadManifest, readGold, readPage } from './lib/corpus.ts';
import { scoreText, tokens } from './lib/score.ts';

const id = process.argv[2];
const page = loadManifest().find((p) => p.id.includes(id));
if (!page) throw new Error(`no page ${id}`);
const bytes = readPage(page);
const gold = readGold(page) ?? '';
const result = extract(bytes, { url: page.url });
const text = result.ok ? result.article.text : `[${result.reason}] ${result.message}`;
console.log(page.id, page.url, JSON.stringify(scoreText(text, gold)));
if (process.argv.includes('--blocks')) {
  const main = findMainText(parseHtml(decodeHtml(bytes).text));
  const desc = (el: typeof main.core) => (el ? `${el.tag}.${el.attrs.class ?? ''}#${el.attrs.id ?? ''}` : 'none');
  console.log('core', desc(main.core), 'container', desc(main.container));
  main.blocks.forEach((b, i) => {
    const path: string[] = [];
    for (let el = b.el as typeof b.el | null; el && path.length < 4; el = el.parent)
      path.push(el.tag + (el.attrs.class ? '.' + el.attrs.class.split(/\s+/)[0] : '') + (el.attrs.id ? '#' + el.attrs.id : ''));
    const inC =
      main.container &&
      (() => {
        for (let e = b.el as typeof b.el | null; e; e = e.parent) if (e === main.container) return true;
        return false;
      })();
    console.log(
      `${inC ? '*' : ' '}${main.classes[i].padEnd(5)} t=${b.stats.tokens} l=${b.linkTokens} ${path.reverse().join('>')} | ${b.text.slice(0, 100).replace(/\n/g, '⏎')}`,
    );
  });
}
const goldBag = new Map<string, number>();
for (const t of tokens(gold)) goldBag.set(t, (goldBag.get(t) ?? 0) + 1);
if (process.argv.includes('--text')) console.log('---- ours\n' + text + '\n---- gold\n' + gold);
else {
  const extra: string[] = [];
  for (const line of text.split('\n')) {
    const ts = tokens(line);
    let miss = 0;
    for (const t of ts) {
      const n = goldBag.get(t);
      if (n) goldBag.set(t, n - 1);
      else miss++;
    }
    if (ts.length && miss / ts.length > 0.5) extra.push(line.slice(0, 160));
  }
  console.log('---- extra lines (mostly not in gold):\n' + extra.join('\n'));
  const oursBag = new Map<string, number>();
  for (const t of tokens(text)) oursBag.set(t, (oursBag.get(t) ?? 0) + 1);
  const missing: string[] = [];
  for (const line of gold.split('\n')) {
    const ts = tokens(line);
    let miss = 0;
    for (const t of ts) {
      const n = oursBag.get(t);
      if (n) oursBag.set(t, n - 1);
      else miss++;
    }
    if (ts.length && miss / ts.length > 0.5) missing.push(line.slice(0, 160));
  }
  console.log('---- missing gold lines:\n' + missing.join('\n'));
}
