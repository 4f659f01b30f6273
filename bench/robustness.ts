/**
 * Robustness suite: the held-out proxy of issue 12. Every page with a human reference (aeb,
 * cwced) is perturbed the way reposting and CMS templates change pages, seeded per page, and
 * extracted again; F1 is scored against the unchanged reference, per source and perturbation:
 * - `control`: the page parsed and serialized again (linkedom), unchanged otherwise;
 * - `links-list`: a "Related" list of 6–8 linked titles (ul/li) after the article's element;
 * - `cards`: 6–8 cards (a linked h3 headline and a summary sentence) at the end of the article's
 *   element, as CMS templates append them inside the body;
 * - `more-from`: a "More from <site>" section of linked headlines, summaries and dates after the
 *   article's parent;
 * - `headed-steps`: an h2/h3 heading ("Part 3", 第3部分) before every group of 1–3 paragraphs
 *   (a listicle, a how-to);
 * - `wrapped-sections`: the same groups each moved into a sibling <div> or <section> that opens
 *   with its heading (a long article cut into sections, each in its own container).
 * The teasers are other corpus pages' titles and first sentences of the same language. Class
 * names of the inserted markup are neutral (no "related", "sidebar"): the structure is what is
 * tested, not class words. `teasers, short articles` is the three teaser kinds on references of
 * at most 300 tokens (the swamping case). The article's element is found from the reference:
 * the parent holding the most paragraphs whose tokens are 80% in the reference; pages where it
 * holds fewer than 4 such paragraphs (text split by <br>) are left out of the section kinds.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseHTML } from 'linkedom';
import { decodeHtml } from '../src/extract/charset.ts';
import { extract } from '../src/extract/index.ts';
import { loadManifest, readGold, readPage, type CorpusPage } from './lib/corpus.ts';
import { mean, scoreText, tokens } from './lib/score.ts';

export const KINDS = ['control', 'links-list', 'cards', 'more-from', 'headed-steps', 'wrapped-sections'] as const;
type Kind = (typeof KINDS)[number];
const TEASER_KINDS: Kind[] = ['links-list', 'cards', 'more-from'];
const SHORT_TOKENS = 300;
const HEADING = /^\s*(Part \d+|第\d+部分)\s*$/;

/** linkedom's DOM, untyped here. */
type El = any;

function rng(seed: string): () => number {
  let h = 2166136261;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619);
  return () => {
    h = (h + 0x6d2b79f5) | 0;
    let t = Math.imul(h ^ (h >>> 15), 1 | h);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Teaser {
  title: string;
  summary: string;
}

function titleOf(html: string): string {
  const m = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html);
  return (m ? m[1] : '').replace(/\s+/g, ' ').trim().slice(0, 140);
}

function firstSentence(text: string): string {
  const line = text.split('\n').find((l) => l.trim().length >= 40) ?? text;
  const m = /^[\s\S]*?[.!?。！？](?=\s|$|[^.!?。！？])/.exec(line.trim());
  return (m ? m[0] : line).trim().slice(0, 220);
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const PARAGRAPH_TAGS = new Set(['P', 'BLOCKQUOTE', 'LI', 'H2', 'H3', 'H4', 'PRE', 'DIV', 'FIGURE', 'TABLE', 'UL', 'OL']);

/** The element that holds most of the reference's paragraphs, and those paragraphs. */
function articleElement(doc: El, gold: string): { holder: El; paragraphs: number } | null {
  const want = new Set(tokens(gold));
  const perParent = new Map<El, number>();
  for (const p of doc.querySelectorAll('p, blockquote, li, pre')) {
    const t = tokens(p.textContent ?? '');
    if (t.length < 8) continue;
    if (t.filter((x) => want.has(x)).length < t.length * 0.8) continue;
    const parent = p.tagName === 'LI' ? p.parentElement?.parentElement : p.parentElement;
    if (parent) perParent.set(parent, (perParent.get(parent) ?? 0) + 1);
  }
  let best: El = null;
  let n = 0;
  for (const [el, k] of perParent)
    if (k > n) {
      best = el;
      n = k;
    }
  return best ? { holder: best, paragraphs: n } : null;
}

function teaserMarkup(kind: Kind, items: Teaser[], site: string, zh: boolean, r: () => number): string {
  const cls = ['item', 'entry', 'c-tile', 'post-item', 'unit'][Math.floor(r() * 5)];
  const href = (i: number) => `/story/${1000 + i}-${Math.floor(r() * 1e6)}`;
  if (kind === 'links-list') {
    const head = zh ? '相关新闻' : ['Read next', 'You may also like', 'Recommended'][Math.floor(r() * 3)];
    return `<div class="box-${Math.floor(r() * 9)}"><h3>${head}</h3><ul>${items.map((t, i) => `<li><a href="${href(i)}">${esc(t.title)}</a></li>`).join('')}</ul></div>`;
  }
  if (kind === 'cards')
    return `<div class="grid">${items
      .map((t, i) => `<div class="${cls}"><h3><a href="${href(i)}">${esc(t.title)}</a></h3><p>${esc(t.summary)}</p></div>`)
      .join('')}</div>`;
  const head = zh ? `更多${esc(site)}新闻` : `More from ${esc(site)}`;
  return `<section class="block"><h2>${head}</h2>${items
    .map(
      (t, i) =>
        `<div class="${cls}"><a href="${href(i)}"><h4>${esc(t.title)}</h4></a><p>${esc(t.summary)}</p><span>${zh ? '2023年1月9日' : 'Jan 9, 2023'}</span></div>`,
    )
    .join('')}</section>`;
}

function perturb(doc: El, kind: Kind, holder: El, page: CorpusPage, pool: Teaser[], r: () => number): boolean {
  const zh = page.lang.startsWith('zh');
  if (TEASER_KINDS.includes(kind)) {
    const items: Teaser[] = [];
    const count = 6 + Math.floor(r() * 3);
    for (let k = 0; k < count && pool.length; k++) items.push(pool[Math.floor(r() * pool.length)]);
    const html = teaserMarkup(kind, items, page.domain, zh, r);
    const frag = doc.createElement('div');
    frag.innerHTML = html;
    const node = frag.firstElementChild;
    if (kind === 'cards') holder.appendChild(node);
    else if (kind === 'links-list') holder.after(node);
    else (holder.parentElement ?? holder).after(node);
    return true;
  }
  if (kind === 'control') return true;
  // Groups of 1–3 element children of the article's element, each opened by a heading.
  const kids: El[] = [...holder.children].filter((c: El) => PARAGRAPH_TAGS.has(c.tagName));
  if (kids.length < 4) return false;
  const groups: El[][] = [];
  let cur: El[] = [];
  let size = 1 + Math.floor(r() * 3);
  for (const node of [...holder.childNodes]) {
    if (node.nodeType === 1 && PARAGRAPH_TAGS.has(node.tagName) && cur.filter((c) => c.nodeType === 1).length >= size) {
      groups.push(cur);
      cur = [];
      size = 1 + Math.floor(r() * 3);
    }
    cur.push(node);
  }
  if (cur.length) groups.push(cur);
  groups.forEach((group, i) => {
    const h = doc.createElement(r() < 0.5 ? 'h2' : 'h3');
    h.textContent = zh ? `第${i + 1}部分` : `Part ${i + 1}`;
    if (kind === 'headed-steps') {
      holder.insertBefore(h, group[0]);
      return;
    }
    const wrap = doc.createElement(r() < 0.5 ? 'div' : 'section');
    if (r() < 0.5) wrap.setAttribute('class', 'block');
    holder.insertBefore(wrap, group[0]);
    wrap.appendChild(h);
    for (const node of group) wrap.appendChild(node);
  });
  return true;
}

export interface RobustnessEval {
  /** Mean F1 keyed by `<source>:<kind>`, `all:<kind>` and `short:teasers`, with page counts. */
  groups: Record<string, { n: number; f1: number }>;
  seconds: number;
}

export function evaluateRobustness(only?: { id: string; kind: Kind }): RobustnessEval {
  const started = performance.now();
  mkdirSync('bench/out', { recursive: true });
  const pages = loadManifest().filter((p) => p.goldKind === 'human');
  const prepared = pages.map((page) => {
    const html = decodeHtml(readPage(page)).text;
    const gold = readGold(page) ?? '';
    return { page, html, gold, teaser: { title: titleOf(html), summary: firstSentence(gold) } };
  });
  const scores = new Map<string, number[]>();
  const perPage: Array<{ id: string; kind: Kind; f1: number }> = [];
  const add = (key: string, f1: number) => scores.set(key, [...(scores.get(key) ?? []), f1]);
  for (const { page, html, gold } of prepared) {
    const zh = page.lang.startsWith('zh');
    const pool = prepared
      .filter((o) => o.page.id !== page.id && o.page.lang.startsWith('zh') === zh && o.teaser.title && o.teaser.summary)
      .map((o) => o.teaser);
    const short = tokens(gold).length <= SHORT_TOKENS;
    if (only && page.id !== only.id) continue;
    for (const kind of KINDS) {
      if (only && kind !== only.kind) continue;
      const { document } = parseHTML(html);
      const found = articleElement(document, gold);
      if (!found) continue;
      const r = rng(`${page.id}:${kind}`);
      if (!perturb(document, kind, found.holder, page, pool, r)) continue;
      const out = Buffer.from(document.toString(), 'utf8');
      const result = extract(out, { url: page.url, contentType: 'text/html; charset=utf-8' });
      if (only) {
        writeFileSync(`bench/out/robustness-${kind}.html`, out);
        console.log(result.ok ? result.article.text : result.message);
      }
      // The inserted headings are the article's in a real listicle: not counted against precision.
      const text = (result.ok ? result.article.text : '')
        .split('\n')
        .filter((line) => !HEADING.test(line))
        .join('\n');
      const f1 = scoreText(text, gold).f1;
      add(`${page.source}:${kind}`, f1);
      add(`all:${kind}`, f1);
      if (short && kind === 'control') add('short:control', f1);
      if (short && TEASER_KINDS.includes(kind)) add('short:teasers', f1);
      perPage.push({ id: page.id, kind, f1 });
    }
  }
  const groups: RobustnessEval['groups'] = {};
  for (const [k, v] of [...scores].sort(([a], [b]) => a.localeCompare(b))) groups[k] = { n: v.length, f1: mean(v) };
  if (!only) writeFileSync('bench/out/robustness-pages.json', JSON.stringify(perPage, null, 1));
  return { groups, seconds: (performance.now() - started) / 1000 };
}

export function printRobustness(result: RobustnessEval): void {
  console.log(
    `\nRobustness (held-out proxy): human-reference pages perturbed as templates do, F1 against the unchanged reference (${result.seconds.toFixed(1)} s)`,
  );
  const sources = [...new Set(Object.keys(result.groups).map((k) => k.split(':')[0]))].filter((s) => s !== 'short');
  console.table(
    KINDS.map((kind) => ({
      perturbation: kind,
      ...Object.fromEntries(
        sources.map((s) => [s, result.groups[`${s}:${kind}`] ? `${result.groups[`${s}:${kind}`].f1.toFixed(3)} (${result.groups[`${s}:${kind}`].n})` : '—']),
      ),
    })),
  );
  const s = result.groups['short:teasers'];
  const c = result.groups['short:control'];
  if (s && c)
    console.log(
      `teasers on short articles (reference ≤ ${SHORT_TOKENS} tokens): F1 ${s.f1.toFixed(3)} over ${s.n} perturbed pages (the same ${c.n} pages unperturbed: ${c.f1.toFixed(3)})`,
    );
}

/** `node --import tsx bench/robustness.ts [ID KIND]`: the suite, or one perturbed page written to bench/out and its text printed. */
if (import.meta.url === `file://${process.argv[1]}`) {
  const [id, kind] = process.argv.slice(2);
  printRobustness(evaluateRobustness(id ? { id, kind: kind as Kind } : undefined));
}
