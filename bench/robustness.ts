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
 *   with its heading (a long article cut into sections, each in its own container);
 * - `split-body`: the body cut into 2–4 parts with what templates put between them (a newsletter
 *   box with a sign-up form, an inline "Related" box of 2–3 links, a figure with a long caption,
 *   a share bar): either each part in its own element built like the article's (a clone of its
 *   tag and class, the siblings of the box), or the boxes inside the article's element (a long
 *   article cut after its first section);
 * - `heavy-chrome`: the site's chrome, heavy: a mega menu of 50–130 links at the top (in
 *   <header><nav> or in plain <div>s, half and half), a sidebar of 4–6 text-rich blurbs (a
 *   heading, two sentences, the headline linked or a "Read more" link after the text) beside the
 *   article's parent, footer link columns with an "about the site" paragraph and a copyright
 *   line, and a cookie-consent banner (prose and buttons) at the end; `short:heavy-chrome` is
 *   the references of at most 300 tokens (a short page that chrome swamps);
 * - `step-cards`: a how-to whose steps are cards of nested wrappers, each a head (a step number
 *   and an h3 "Step N"/第N步), a picture and the step's 1–3 paragraphs in a box of their own;
 * - `teaser-flood`: a "More from", a cards grid and a links list after the article's parent
 *   together, 18–30 teasers (a short story returned as ten times its length);
 *   `short:teaser-flood` is the references of at most 300 tokens.
 * The teasers are other corpus pages' titles and first sentences (two for blurbs) of the same script. Class
 * names of the inserted markup are neutral (no "related", "sidebar"): the structure is what is
 * tested, not class words. `teasers, short articles` is the three teaser kinds on references of
 * at most 300 tokens (the swamping case). The article's element is found from the reference:
 * the parent holding the most paragraphs whose tokens are 80% in the reference; pages where it
 * holds fewer than 4 such paragraphs (text split by <br>) are left out of the section kinds
 * (headed-steps, wrapped-sections, split-body, step-cards).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseHTML } from 'linkedom';
import { decodeHtml } from '../src/extract/charset.ts';
import { extract } from '../src/extract/index.ts';
import { loadManifest, readGold, readPage, type CorpusPage } from './lib/corpus.ts';
import { mean, scoreText, tokens } from './lib/score.ts';

export const KINDS = [
  'control',
  'links-list',
  'cards',
  'more-from',
  'headed-steps',
  'wrapped-sections',
  'split-body',
  'heavy-chrome',
  'step-cards',
  'teaser-flood',
] as const;
export type Kind = (typeof KINDS)[number];
const TEASER_KINDS: Kind[] = ['links-list', 'cards', 'more-from'];
const SHORT_TOKENS = 300;
/** The inserted headings and step numbers: the article's own in a real listicle. */
const HEADING = /^\s*(Part \d+|第\d+部分|Step \d+|第\d+步)\s*$/;
/** The step numbers of `step-cards`, on lines of their own. */
const STEP_NUMBER = /^\s*\d{1,2}\s*$/;

/** linkedom's DOM, untyped here. */
type El = any;

export function rng(seed: string): () => number {
  let h = 2166136261;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619);
  return () => {
    h = (h + 0x6d2b79f5) | 0;
    let t = Math.imul(h ^ (h >>> 15), 1 | h);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Teaser {
  title: string;
  summary: string;
  /** Two sentences: a text-rich sidebar blurb. */
  blurb: string;
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

function twoSentences(text: string): string {
  const line = text.split('\n').find((l) => l.trim().length >= 80) ?? text;
  const m = /^[\s\S]*?[.!?。！？](?=\s|$|[^.!?。！？])[\s\S]*?[.!?。！？](?=\s|$|[^.!?。！？])/.exec(line.trim());
  return (m ? m[0] : line).trim().slice(0, 400);
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

const pick = <T>(xs: readonly T[], r: () => number): T => xs[Math.floor(r() * xs.length)];
const draw = (pool: Teaser[], n: number, r: () => number): Teaser[] => Array.from({ length: pool.length ? n : 0 }, () => pick(pool, r));
const link = (r: () => number) => `/p/${Math.floor(r() * 1e7)}`;

/** What templates put between two parts of a body: a newsletter box, an inline "related" box, a figure with a long caption, a share bar. */
function interstitial(zh: boolean, pool: Teaser[], r: () => number): string {
  const box = `box-${Math.floor(r() * 9)}`;
  switch (Math.floor(r() * 4)) {
    case 0:
      return zh
        ? `<div class="${box}"><h3>订阅我们的新闻简报</h3><p>每天早上，我们会把当天最重要的新闻和记者的独家分析发送到您的邮箱，不错过任何精彩内容。</p><form><input type="email" placeholder="电子邮箱"><button>订阅</button></form></div>`
        : `<div class="${box}"><h3>Get our morning newsletter</h3><p>Sign up to receive the day's top stories and exclusive analysis from our reporters in your inbox every morning, free of charge.</p><form><input type="email" placeholder="Email address"><button>Sign up</button></form></div>`;
    case 1: {
      const items = draw(pool, 2 + Math.floor(r() * 2), r);
      return `<div class="${box}"><h4>${zh ? '相关阅读' : pick(['Related', 'Read more', 'See also'], r)}</h4><ul>${items.map((t) => `<li><a href="${link(r)}">${esc(t.title)}</a></li>`).join('')}</ul></div>`;
    }
    case 2: {
      const t = pick(pool, r);
      const credit = zh ? '（图片来源：视觉中国）' : ' (Photo: Reuters)';
      return `<figure class="${box}"><img src="/img/${Math.floor(r() * 1e6)}.jpg" alt=""><figcaption>${esc(t?.summary ?? '')}${credit}</figcaption></figure>`;
    }
    default: {
      const nets = zh ? ['微博', '微信', 'QQ空间', '复制链接'] : ['Facebook', 'Twitter', 'LinkedIn', 'Email', 'Copy link'];
      return `<div class="${box}"><span>${zh ? '分享到' : 'Share'}</span><ul>${nets.map((n) => `<li><a href="${link(r)}">${n}</a></li>`).join('')}</ul></div>`;
    }
  }
}

const NAV_EN = ['News', 'World', 'Business', 'Tech', 'Science', 'Health', 'Sport', 'Culture', 'Travel', 'Opinion', 'Video', 'Podcasts'];
const SUB_EN = ['Latest', 'Europe', 'Asia', 'Americas', 'Africa', 'Markets', 'Companies', 'Analysis', 'Features', 'Reviews', 'Guides', 'Archive'];
const NAV_ZH = ['首页', '国内', '国际', '财经', '科技', '体育', '娱乐', '汽车', '房产', '教育', '健康', '旅游'];
const SUB_ZH = ['最新', '要闻', '评论', '专题', '图片', '视频', '滚动', '独家', '深度', '数据', '直播', '排行'];

/** A site's chrome, heavy: a mega menu, a cookie banner, a sidebar of text-rich blurbs, footer link columns with an "about" paragraph. */
function chrome(zh: boolean, site: string, pool: Teaser[], r: () => number): { top: string; side: string; bottom: string } {
  const semantic = r() < 0.5;
  const [nav, sub] = zh ? [NAV_ZH, SUB_ZH] : [NAV_EN, SUB_EN];
  const groups = nav.slice(0, 7 + Math.floor(r() * 5));
  const menu = `<ul>${groups
    .map(
      (g) =>
        `<li><a href="${link(r)}">${g}</a><ul>${sub
          .slice(0, 6 + Math.floor(r() * 6))
          .map((x) => `<li><a href="${link(r)}">${g} ${x}</a></li>`)
          .join('')}</ul></li>`,
    )
    .join('')}</ul>`;
  const top = semantic ? `<header><nav>${menu}</nav></header>` : `<div class="top-${Math.floor(r() * 9)}"><div class="wrap">${menu}</div></div>`;
  const blurbs = draw(pool, 4 + Math.floor(r() * 3), r)
    .map((t) =>
      r() < 0.5
        ? `<div class="b"><h4><a href="${link(r)}">${esc(t.title)}</a></h4><p>${esc(t.blurb)}</p></div>`
        : `<div class="b"><h4>${esc(t.title)}</h4><p>${esc(t.blurb)} <a href="${link(r)}">${zh ? '阅读全文' : 'Read more'}</a></p></div>`,
    )
    .join('');
  const side = `<div class="col-${Math.floor(r() * 9)}"><h3>${zh ? '热门文章' : pick(['Popular', 'Editor’s picks', 'Trending'], r)}</h3>${blurbs}</div>`;
  const cols = Array.from({ length: 4 }, (_, c) => {
    const head = zh ? ['关于我们', '服务', '合作', '帮助'][c] : ['About', 'Services', 'Partners', 'Help'][c];
    const names = zh
      ? ['联系我们', '广告服务', '招聘信息', '隐私政策', '用户协议', '网站地图', '意见反馈']
      : ['Contact us', 'Advertise', 'Careers', 'Privacy policy', 'Terms of use', 'Site map', 'Feedback'];
    return `<div><h4>${head}</h4><ul>${names
      .slice(0, 5 + Math.floor(r() * 3))
      .map((n) => `<li><a href="${link(r)}">${n}</a></li>`)
      .join('')}</ul></div>`;
  }).join('');
  const about = zh
    ? `<p>${esc(site)}创办于2001年，是中国领先的综合性新闻门户网站之一，致力于为读者提供及时、准确、全面的新闻资讯和生活服务。本站所有内容均受版权保护。</p>`
    : `<p>${esc(site)} is an independent news organisation founded in 2001. We report on politics, business, science and culture for millions of readers every month, and our journalism is funded by readers like you.</p>`;
  const cookie = zh
    ? `<div class="layer-${Math.floor(r() * 9)}"><p>我们使用Cookie和类似技术来改善您的浏览体验、个性化内容和广告，并分析我们的流量。继续浏览即表示您同意我们使用Cookie，您可以随时在隐私设置中更改。</p><button>接受</button><button>设置</button></div>`
    : `<div class="layer-${Math.floor(r() * 9)}"><p>We use cookies and similar technologies to improve your experience, personalise content and ads, and analyse our traffic. By clicking "Accept all" you agree to this; you can change your choice at any time in the privacy settings.</p><button>Accept all</button><button>Manage settings</button></div>`;
  const foot = `<div class="cols">${cols}</div>${about}<p>© 2023 ${esc(site)}</p>`;
  const bottom = (semantic ? `<footer>${foot}</footer>` : `<div class="bottom-${Math.floor(r() * 9)}">${foot}</div>`) + cookie;
  return { top, side, bottom };
}

/** Groups of 1–3 nodes of the article element's children, each starting at a paragraph-level element. */
function groupsOf(holder: El, r: () => number, max = 3): El[][] {
  const groups: El[][] = [];
  let cur: El[] = [];
  let size = 1 + Math.floor(r() * max);
  for (const node of [...holder.childNodes]) {
    if (node.nodeType === 1 && PARAGRAPH_TAGS.has(node.tagName) && cur.filter((c) => c.nodeType === 1).length >= size) {
      groups.push(cur);
      cur = [];
      size = 1 + Math.floor(r() * max);
    }
    cur.push(node);
  }
  if (cur.length) groups.push(cur);
  return groups;
}

function fragment(doc: El, html: string): El[] {
  const frag = doc.createElement('div');
  frag.innerHTML = html;
  return [...frag.childNodes];
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
  if (kind === 'teaser-flood') {
    // Three lists of other stories after a body, as some sites stack them: 20–30 teasers in all.
    const node = holder.parentElement ?? holder;
    for (const k of ['more-from', 'cards', 'links-list'] as Kind[]) {
      const html = teaserMarkup(k, draw(pool, 6 + Math.floor(r() * 5), r), page.domain, zh, r);
      node.after(...fragment(doc, html));
    }
    return true;
  }
  if (kind === 'heavy-chrome') {
    const { top, side, bottom } = chrome(zh, page.domain, pool, r);
    const body = doc.body ?? doc.documentElement;
    body.prepend(...fragment(doc, top));
    (holder.parentElement ?? holder).after(...fragment(doc, side));
    body.append(...fragment(doc, bottom));
    return true;
  }
  const kids: El[] = [...holder.children].filter((c: El) => PARAGRAPH_TAGS.has(c.tagName));
  if (kids.length < 4) return false;
  if (kind === 'split-body') {
    // The body cut into 2–4 parts with template boxes between them: either each part in its own
    // element built like the article's (its siblings), or the boxes inside the article's element.
    const groups = groupsOf(holder, r, Math.max(1, Math.floor(kids.length / 3)));
    const parts = Math.min(groups.length, 2 + Math.floor(r() * 3));
    const cuts = new Set<number>();
    while (cuts.size < parts - 1) cuts.add(1 + Math.floor(r() * (groups.length - 1)));
    const pieces: El[][] = [[]];
    groups.forEach((g, i) => {
      if (cuts.has(i)) pieces.push([]);
      pieces[pieces.length - 1].push(...g);
    });
    if (r() < 0.6) {
      let last: El = holder;
      pieces.slice(1).forEach((nodes) => {
        const box = fragment(doc, interstitial(zh, pool, r));
        const part = holder.cloneNode(false);
        part.removeAttribute('id');
        for (const n of nodes) part.appendChild(n);
        last.after(...box, part);
        last = part;
      });
    } else pieces.slice(1).forEach((nodes) => holder.insertBefore(fragment(doc, interstitial(zh, pool, r))[0], nodes[0]));
    return true;
  }
  const groups = groupsOf(holder, r);
  if (kind === 'step-cards') {
    // A how-to: every step a card of nested wrappers, a numbered heading, a picture and the step's text.
    const cls = pick(['step', 'item', 'card', 'c-step'], r);
    groups.forEach((group, i) => {
      const card = fragment(
        doc,
        `<div class="${cls}"><div class="${cls}-head"><span>${i + 1}</span><h3>${zh ? `第${i + 1}步` : `Step ${i + 1}`}</h3></div><div class="${cls}-media"><img src="/img/s${i}.jpg" alt=""></div><div class="${cls}-body"></div></div>`,
      )[0];
      holder.insertBefore(card, group[0]);
      const body = card.lastElementChild;
      for (const node of group) body.appendChild(node);
    });
    return true;
  }
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

/** What a page lends other pages as a teaser: its title, first sentence and first two sentences. */
export function teaserOf(html: string, gold: string): Teaser {
  return { title: titleOf(html), summary: firstSentence(gold), blurb: twoSentences(gold) };
}

/**
 * A human-reference page changed as `kind` (teasers drawn from `pool`, every choice from `r`: pages
 * given one seed get one site's chrome), as UTF-8 bytes; null where the reference's element is not
 * found or the kind does not apply to the page.
 */
export function perturbPage(html: string, gold: string, page: CorpusPage, kind: Kind, pool: Teaser[], r: () => number): Buffer | null {
  const { document } = parseHTML(html);
  const found = articleElement(document, gold);
  if (!found || !perturb(document, kind, found.holder, page, pool, r)) return null;
  return Buffer.from(document.toString(), 'utf8');
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
    return { page, html, gold, teaser: teaserOf(html, gold) };
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
      const out = perturbPage(html, gold, page, kind, pool, rng(`${page.id}:${kind}`));
      if (!out) continue;
      const result = extract(out, { url: page.url, contentType: 'text/html; charset=utf-8' });
      if (only) {
        writeFileSync(`bench/out/robustness-${kind}.html`, out);
        console.log(result.ok ? result.article.text : result.message);
      }
      // The inserted headings are the article's in a real listicle: not counted against precision.
      const text = (result.ok ? result.article.text : '')
        .split('\n')
        .filter((line) => !HEADING.test(line) && !(kind === 'step-cards' && STEP_NUMBER.test(line)))
        .join('\n');
      const f1 = scoreText(text, gold).f1;
      add(`${page.source}:${kind}`, f1);
      add(`all:${kind}`, f1);
      if (short && kind === 'control') add('short:control', f1);
      if (short && TEASER_KINDS.includes(kind)) add('short:teasers', f1);
      if (short && (kind === 'heavy-chrome' || kind === 'teaser-flood')) add(`short:${kind}`, f1);
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
  const c = result.groups['short:control'];
  for (const [key, what] of [
    ['short:teasers', 'teasers'],
    ['short:teaser-flood', 'a teaser flood'],
    ['short:heavy-chrome', 'heavy chrome'],
  ]) {
    const s = result.groups[key];
    if (s && c)
      console.log(
        `${what} on short articles (reference ≤ ${SHORT_TOKENS} tokens): F1 ${s.f1.toFixed(3)} over ${s.n} perturbed pages (the same ${c.n} pages unperturbed: ${c.f1.toFixed(3)})`,
      );
  }
}

/** `node --import tsx bench/robustness.ts [ID KIND]`: the suite, or one perturbed page written to bench/out and its text printed. */
if (import.meta.url === `file://${process.argv[1]}`) {
  const [id, kind] = process.argv.slice(2);
  printRobustness(evaluateRobustness(id ? { id, kind: kind as Kind } : undefined));
}
