/**
 * The repost-pair suite, built from ../shared/corpus by the project's own code: articles put
 * into other real pages' article slots in the ways reposters copy them (positives), and pairs
 * that must not match (negatives). Deterministic (seeded).
 */
import type { Article } from '../../src/domain/index.ts';
import { parseHtml, type Node } from '../../src/extract/dom.ts';
import { decodeHtml } from '../../src/extract/charset.ts';
import { preparePage, type PreparedPage } from '../../src/match/index.ts';
import { loadManifest, readGold, type CorpusPage } from '../lib/corpus.ts';
import { extractCorpusPage } from '../lib/extracted.ts';
import { byHash, pick, rng, seedFor, shuffle } from './rng.ts';
import { fillSlot, hostTemplate, type HostTemplate } from './slot.ts';
import { threadPairs } from './threads.ts';
import * as V from './variants.ts';

type Lang = 'zh' | 'en';

interface Source {
  id: string;
  page: CorpusPage;
  lang: Lang;
  script: 'zh-Hans' | 'zh-Hant' | null;
  bytes: Buffer;
  article: Article;
  prepared: PreparedPage;
  /** The corpus source, and the page type for wcxb: `aeb`, `wcxb:forum`, ... */
  origin: string;
  /** The site the page comes from (registrable domain's name, or inferred from its links), or null. */
  site: string | null;
}

export interface Pair {
  positive: boolean;
  /** Variant name for positives; negative kind for negatives. */
  kind: string;
  /** Reported group: `full copies`, `excerpts ≥30%`, `excerpts 20%`, `excerpts 10%`, or the negative kind. */
  group: string;
  lang: Lang;
  originalId: string;
  /** The suspect page: synthetic bytes, or a corpus page's id (already prepared). */
  suspect: { bytes: Buffer } | { sourceId: string };
  truth: number;
  /** Where the original comes from (`Source.origin`). */
  originSource: string;
  /** Where the suspect's page comes from: the host page's origin, or the corpus page's. */
  hostSource: string;
  /** A natural pair of two different articles from one site (negatives only). */
  sameSite?: boolean;
}

export interface Suite {
  sources: Map<string, Source>;
  /** Originals added to the index besides the corpus pages (host pages with an article put in). */
  syntheticOriginals: Map<string, { bytes: Buffer }>;
  pairs: Pair[];
  skipped: Record<string, number>;
}

/**
 * Originals per language, drawn from every source with usable text: human references (aeb,
 * cwced), silver (wcxb article and forum pages, cx163, newspaper) and none (gne). The article put
 * into host pages is copywatch's own extraction of the original (as a reposter's copy of what
 * copywatch holds as the article), so an original whose extraction fails wholesale still "matches"
 * here: the extraction eval's wholesale-failure table is where those show.
 */
const ORIGINALS: Record<Lang, Record<string, number>> = {
  zh: { cwced: 25, gne: 20, cx163: 15 },
  en: { aeb: 25, newspaper: 15, 'wcxb:article': 10, 'wcxb:forum': 10 },
};
/** Same-site pairs added per site beyond the same-template pairs (ordered pairs, sampled). */
const SAME_SITE_PAIRS_PER_SITE = 30;

function langOf(page: CorpusPage): { lang: Lang; script: 'zh-Hans' | 'zh-Hant' | null } | null {
  if (page.lang === 'zh-Hans' || page.lang === 'zh-Hant') return { lang: 'zh', script: page.lang };
  if (page.lang === 'en') return { lang: 'en', script: null };
  return null;
}

export function buildSuite(seed = 20261125): Suite {
  const random = rng(seed);
  const sources = new Map<string, Source>();
  const hosts: Record<Lang, HostTemplate[]> = { zh: [], en: [] };
  const skipped: Record<string, number> = {};
  const skip = (why: string) => {
    skipped[why] = (skipped[why] ?? 0) + 1;
  };

  const originOf = (page: CorpusPage) => (page.pageType ? `${page.source}:${page.pageType}` : page.source);
  for (const page of loadManifest()) {
    const l = langOf(page);
    if (!l) continue;
    const { bytes, result } = extractCorpusPage(page);
    if (!result.ok) {
      skip(`corpus page without an article (${result.reason})`);
      continue;
    }
    const source: Source = {
      id: page.id,
      page,
      ...l,
      bytes,
      article: result.article,
      prepared: preparePage(result.article, result.chrome, result.pageText, result.teaserSpans),
      origin: originOf(page),
      site: siteOf(page, bytes),
    };
    sources.set(page.id, source);
    const reference = readGold(page) ?? result.article.text;
    const host = hostTemplate(page.id, bytes, reference);
    if (host) hosts[l.lang].push(host);
    else skip('page without a findable article slot (not used as host)');
  }
  const hostOrigin = (h: HostTemplate) => sources.get(h.id)!.origin;

  const pairs: Pair[] = [];
  const all = [...sources.values()];
  for (const lang of ['zh', 'en'] as const) {
    const usable = all.filter((s) => s.lang === lang && s.prepared.fingerprint.units.chars >= (lang === 'zh' ? 300 : 1200) && s.article.paragraphs.length >= 2);
    const pool: Source[] = [];
    for (const [origin, quota] of Object.entries(ORIGINALS[lang])) {
      // Picked by a hash of the id: a page's extraction changing whether it is usable moves no other pick.
      const picked = byHash(
        usable.filter((s) => s.origin === origin),
        seed,
      ).slice(0, quota);
      if (picked.length < quota) skipped[`originals from ${origin}: only ${picked.length} usable of ${quota} wanted`] = 1;
      pool.push(...picked);
    }
    for (const src of pool) {
      const random = rng(seedFor(seed, src.id));
      const p = src.article.paragraphs;
      // A reposter is another site: the host page comes from another domain than the article.
      const others = hosts[lang].filter((h) => h.id !== src.id && !(src.page.domain && sources.get(h.id)?.page.domain === src.page.domain));
      const add = (kind: string, group: string, v: V.Variant | null) => {
        if (!v || !v.paragraphs.length) {
          skip(`variant ${kind} not applicable`);
          return;
        }
        const host = pick(others, random);
        pairs.push({
          positive: true,
          kind,
          group,
          lang,
          originalId: src.id,
          suspect: { bytes: fillSlot(host, v.paragraphs) },
          truth: v.truth,
          originSource: src.origin,
          hostSource: hostOrigin(host),
        });
      };
      const FULL = 'full copies';
      add('full', FULL, { paragraphs: p, truth: 1 });
      add('credit removed', FULL, V.removeCredit(p));
      add('credit replaced', FULL, V.replaceCredit(p, lang));
      for (const share of [0.1, 0.2, 0.3, 0.5]) {
        const group = share >= 0.3 ? 'excerpts ≥30%' : `excerpts ${share * 100}%`;
        add(`excerpt ${share * 100}% contiguous`, group, V.excerpt(p, lang, share, 'contiguous', random));
        add(`excerpt ${share * 100}% scattered`, group, V.excerpt(p, lang, share, 'scattered', random));
      }
      add('shuffled', FULL, V.shuffled(p, lang, random));
      add('merged', FULL, V.merged(p, lang));
      add('split', FULL, V.split(p, lang));
      add('note, ads, related interleaved', FULL, V.interleaved(p, lang));
      if (lang === 'zh') add('simplified ↔ traditional', FULL, V.convertScript(p, src.script ?? 'zh-Hans'));
      add('light edits', FULL, V.lightEdits(p, lang, random));
      // Combinations.
      const ex = V.excerpt(p, lang, 0.3, 'scattered', random);
      const exShuffled = V.shuffled(ex.paragraphs, lang, random);
      add(lang === 'zh' ? 'combo: traditional + 30% scattered + shuffled' : 'combo: 30% scattered + shuffled', 'excerpts ≥30%', {
        paragraphs: lang === 'zh' ? V.convertScript(exShuffled.paragraphs, src.script ?? 'zh-Hans').paragraphs : exShuffled.paragraphs,
        truth: ex.truth,
      });
      const nc = V.removeCredit(p);
      const ed = V.lightEdits(nc.paragraphs, lang, random);
      add('combo: no credit + light edits + interleaved', FULL, { paragraphs: V.interleaved(ed.paragraphs, lang).paragraphs, truth: nc.truth * ed.truth });
      const half = V.excerpt(p, lang, 0.5, 'contiguous', random);
      const halfEd = V.lightEdits(V.merged(half.paragraphs, lang).paragraphs, lang, random);
      add('combo: 50% contiguous + merged + light edits', 'excerpts ≥30%', { paragraphs: halfEd.paragraphs, truth: half.truth * halfEd.truth });
    }

    // Negatives: a suspect sharing one quote-length sentence with the original.
    for (const src of pool) {
      const random = rng(seedFor(seed, `quote:${src.id}`));
      const other = pick(
        pool.filter((s) => s.id !== src.id && s.page.domain !== src.page.domain),
        random,
      );
      const v = V.quoteOnly(other.article.paragraphs, src.article.paragraphs, lang, random);
      if (!v) {
        skip('quote negative: no quote-length sentence');
        continue;
      }
      const host = pick(hosts[lang], random);
      pairs.push({
        positive: false,
        kind: 'shares one quoted sentence',
        group: 'shares one quoted sentence',
        lang,
        originalId: src.id,
        suspect: { bytes: fillSlot(host, v.paragraphs) },
        truth: 0,
        originSource: src.origin,
        hostSource: hostOrigin(host),
      });
    }
  }

  // Negatives: different articles in one site's template (natural pairs from gne, cx163, newspaper).
  const byDomain = new Map<string, Source[]>();
  for (const s of all) {
    if (!['gne', 'cx163', 'newspaper'].includes(s.page.source)) continue;
    const key = `${s.page.source}:${s.page.domain}`;
    byDomain.set(key, [...(byDomain.get(key) ?? []), s]);
  }
  for (const group of byDomain.values()) {
    for (const x of group)
      for (const y of group) {
        if (x.id === y.id) continue;
        if (sameText(x, y)) {
          skip('same-template pair with the same article (not a negative)');
          continue;
        }
        pairs.push({
          positive: false,
          kind: 'same template (natural)',
          group: 'same template',
          lang: x.lang,
          originalId: x.id,
          suspect: { sourceId: y.id },
          truth: 0,
          originSource: x.origin,
          hostSource: y.origin,
          sameSite: true,
        });
      }
  }

  // Negatives: two different articles from one site, across all sources (cwced pages carry no
  // domain: their site is inferred from their links), beyond the same-template pairs above. Pairs
  // with a wcxb page that is no article or forum post (a shop's product and collection pages, docs)
  // are kept apart: reported and counted in precision, but not "two different articles".
  const articleLike = (s: Source) => s.page.source !== 'wcxb' || s.page.pageType === 'article' || s.page.pageType === 'forum';
  const bySite = new Map<string, Source[]>();
  for (const s of all) if (s.site) bySite.set(s.site, [...(bySite.get(s.site) ?? []), s]);
  const templateKey = (s: Source) => (['gne', 'cx163', 'newspaper'].includes(s.page.source) ? `${s.page.source}:${s.page.domain}` : null);
  for (const group of [...bySite.values()].filter((g) => g.length >= 2)) {
    const candidates: [Source, Source][] = [];
    for (const x of group)
      for (const y of group) {
        if (x.id === y.id || x.lang !== y.lang) continue;
        if (templateKey(x) !== null && templateKey(x) === templateKey(y)) continue; // already a same-template pair
        candidates.push([x, y]);
      }
    for (const [x, y] of shuffle(candidates, random).slice(0, SAME_SITE_PAIRS_PER_SITE)) {
      if (sameText(x, y)) {
        skip('same-site pair with the same article (not a negative)');
        continue;
      }
      const articles = articleLike(x) && articleLike(y);
      pairs.push({
        positive: false,
        kind: articles ? 'same site, different article (natural)' : 'same site, other page kinds (natural)',
        group: articles ? 'same site' : 'same site, other page kinds',
        lang: x.lang,
        originalId: x.id,
        suspect: { sourceId: y.id },
        truth: 0,
        originSource: x.origin,
        hostSource: y.origin,
        sameSite: articles,
      });
    }
  }

  // Negatives: one host page with two different articles put in.
  const syntheticOriginals = new Map<string, { bytes: Buffer }>();
  for (const lang of ['zh', 'en'] as const) {
    const arts = all.filter((s) => s.lang === lang && s.article.paragraphs.length >= 2);
    for (const host of shuffle(hosts[lang], random).slice(0, 60)) {
      const [a1, a2] = shuffle(
        arts.filter((s) => s.id !== host.id),
        random,
      );
      const id = `synthetic:${host.id}:${a1.id}`;
      syntheticOriginals.set(id, { bytes: fillSlot(host, a1.article.paragraphs) });
      pairs.push({
        positive: false,
        kind: 'same template (one host, two articles)',
        group: 'same template',
        lang,
        originalId: id,
        suspect: { bytes: fillSlot(host, a2.article.paragraphs) },
        truth: 0,
        originSource: a1.origin,
        hostSource: hostOrigin(host),
      });
    }
  }

  // Negatives: same-topic different articles (the most similar other article by word overlap).
  for (const lang of ['zh', 'en'] as const) {
    const arts = all.filter((s) => s.lang === lang);
    const bags = new Map(arts.map((s) => [s.id, bag(s)]));
    for (const src of shuffle(arts, random).slice(0, 80)) {
      let best: Source | null = null;
      let bestSim = 0;
      for (const other of arts) {
        if (other.id === src.id || other.page.domain === src.page.domain) continue;
        const sim = cosine(bags.get(src.id)!, bags.get(other.id)!);
        if (sim > bestSim && sim < 0.8) {
          bestSim = sim;
          best = other;
        }
      }
      if (best)
        pairs.push({
          positive: false,
          kind: 'same topic',
          group: 'same topic',
          lang,
          originalId: src.id,
          suspect: { sourceId: best.id },
          truth: 0,
          originSource: src.origin,
          hostSource: best.origin,
        });
    }
  }
  // Copies inside later posts of real forum threads (bench/matching/threads.ts), last: their own
  // generator, so the pairs above stay as they were.
  pairs.push(...threadPairs(all, hosts.en, hostOrigin, skip, seed + 1));
  return { sources, syntheticOriginals, pairs, skipped };
}

function bag(s: Source): Map<number, number> {
  const m = new Map<number, number>();
  const u = s.prepared.fingerprint.units;
  for (let i = 0; i < u.count; i++) m.set(u.hashes[i], (m.get(u.hashes[i]) ?? 0) + 1);
  return m;
}

function cosine(a: Map<number, number>, b: Map<number, number>): number {
  let dot = 0,
    na = 0,
    nb = 0;
  for (const [k, v] of a) {
    na += v * v;
    const w = b.get(k);
    if (w) dot += v * w;
  }
  for (const v of b.values()) nb += v * v;
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

/** Two corpus pages holding the same article (a site that serves one story twice) are not a negative. */
function sameText(x: Source, y: Source): boolean {
  return cosine(bag(x), bag(y)) >= 0.8;
}

/** Second-level labels under which a country's domains are registered (example.com.cn, bbc.co.uk). */
const SECOND_LEVEL = new Set(['com', 'net', 'org', 'gov', 'edu', 'co', 'ac', 'or', 'ne', 'go']);
/** Hosts every page links to whatever its site (doctype, schema and share links). */
const EVERYWHERE = new Set(['w3', 'schema', 'google', 'googleapis', 'facebook', 'twitter', 'baidu', 'cnzz', 'weibo', 'miit', 'beian', 'gstatic', 'youtube']);

/** The name of a host's registrable domain: news.sina.com.cn → sina, www.163.com → 163. */
function siteName(host: string): string | null {
  const labels = host.toLowerCase().replace(/\.$/, '').split('.').filter(Boolean);
  if (labels.length === 1) return labels[0];
  if (labels.length < 2 || /^\d+$/.test(labels[labels.length - 1])) return null;
  const cut = labels.length >= 3 && SECOND_LEVEL.has(labels[labels.length - 2]) && labels[labels.length - 1].length === 2 ? 3 : 2;
  return labels[labels.length - cut];
}

/**
 * The site a corpus page comes from: its domain (or gne's site label), else the site most of its
 * absolute links and sources point to.
 */
function siteOf(page: CorpusPage, bytes: Buffer): string | null {
  const named = page.domain && page.domain !== 'other' ? siteName(page.domain) : null;
  if (named) return named;
  const counts = new Map<string, number>();
  const walk = (n: Node) => {
    if (n.kind !== 'el') return;
    for (const attr of ['href', 'src']) {
      const m = /^(?:https?:)?\/\/([^/:?#]+)/i.exec(n.attrs[attr] ?? '');
      const name = m ? siteName(m[1]) : null;
      if (name && !EVERYWHERE.has(name)) counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    for (const c of n.children) walk(c);
  };
  walk(parseHtml(decodeHtml(bytes).text).root);
  const [best] = [...counts].sort((a, b) => b[1] - a[1]);
  return best && best[1] >= 3 ? best[0] : null;
}
