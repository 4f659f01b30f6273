/**
 * Matching on degraded originals: the held-out failure of issue 12 ("every copy of an original
 * whose extraction failed is missed"; "two articles of one site look alike when the article came
 * out as the site's chrome") measured on the dev corpus, without tuning to pages.
 *
 * The publisher's pages are the human-reference pages (aeb, cwced) changed as templates change
 * them (the robustness suite's kinds, bench/robustness.ts); pages are put four to a synthetic
 * site, and the pages of one site get one seed, so they share one chrome, one teaser flood, one
 * set of boxes. copywatch extracts and indexes them as it would the publisher's corpus. A
 * reposter copies the real article, so the copies are the **human reference** (whole, and a
 * contiguous 20% excerpt) put into another real page's article slot; a copy counts as found when
 * its original is among the matches, and its containment is compared with the truth (the
 * excerpt's share of the reference). Negatives: every perturbed page looked up whole against the
 * index; a match to another article of its own site is a same-site false positive, a match to an
 * article of another site is counted apart (teasers quote other corpus pages' first sentences).
 *
 *   node --import tsx bench/robust-matching.ts [KIND...] [--profile]
 * `--profile` adds rows where each page is extracted with its synthetic site's template profile,
 * learned from the site's other three pages (as the index job learns it).
 * Writes bench/out/robust-matching.json (every copy and every flagged pair).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { decodeHtml } from '../src/extract/charset.ts';
import { extract } from '../src/extract/index.ts';
import { learnPage } from '../src/extract/profile.ts';
import type { PageKeys, TemplateProfile } from '../src/domain/index.ts';
import { CorpusIndex, indexEntryFor, matchSuspect, preparePage, type PreparedPage } from '../src/match/index.ts';
import { loadManifest, readGold, readPage, type CorpusPage } from './lib/corpus.ts';
import { scoreText, tokens } from './lib/score.ts';
import { WHOLESALE } from './eval-extraction.ts';
import { fillSlot, hostTemplate, type HostTemplate } from './matching/slot.ts';
import { pick, rng as numberRng } from './matching/rng.ts';
import { excerpt } from './matching/variants.ts';
import { KINDS, perturbPage, rng, teaserOf, type Kind } from './robustness.ts';

const SITE_SIZE = 4;

interface Copy {
  kind: Kind;
  profile: boolean;
  id: string;
  variant: 'full' | 'excerpt 20%';
  found: boolean;
  truth: number;
  containment: number;
  verdict: string;
  /** Found, but called a teaser (Comparison.teaser): the rules make it no finding. */
  teaser: boolean;
  /** The original's own extraction failed wholesale against its reference. */
  wholesale: boolean;
}

interface Flag {
  kind: Kind;
  profile: boolean;
  suspect: string;
  original: string;
  sameSite: boolean;
  verdict: string;
  containment: number;
  matchedChars: number;
  scope: string;
  teaser: boolean;
}

export interface RobustMatchingRow {
  kind: Kind;
  /** The publisher's pages extracted with their site's template profile, learned from the site's other pages. */
  profile: boolean;
  originals: number;
  wholesale: number;
  full: number;
  excerpt20: number;
  wholesaleFound: number;
  wholesaleCopies: number;
  containmentWithin10: number;
  sameSitePairs: number;
  sameSiteFlagged: number;
  otherFlagged: number;
  /** Matches that are teasers (a headline and summary in a list of other stories): counted apart, the rules do not make them findings. */
  teasers: number;
  /** Copies of the real article found but called teasers (lost to the rules). */
  copiesCalledTeasers: number;
}

export interface RobustMatchingEval {
  rows: RobustMatchingRow[];
  seconds: number;
}

const prepare = (bytes: Buffer, profile: TemplateProfile | null = null): PreparedPage | null => {
  const r = extract(bytes, { contentType: 'text/html; charset=utf-8', profile });
  return r.ok ? preparePage(r.article, r.chrome, r.pageText, r.teaserSpans) : null;
};

const keysOf = (bytes: Buffer): PageKeys | null => {
  const r = extract(bytes, { contentType: 'text/html; charset=utf-8', learn: true });
  return r.ok && r.pageKeys ? r.pageKeys : null;
};

/** `profile`: rows without and with each site's template profile; `'only'`: with it alone. */
export function evaluateRobustMatching(kinds: readonly Kind[] = KINDS, options: { profile?: boolean | 'only' } = {}): RobustMatchingEval {
  const started = performance.now();
  const pages = loadManifest().filter((p) => p.goldKind === 'human');
  const all = pages.map((page) => {
    const bytes = readPage(page);
    const html = decodeHtml(bytes).text;
    const gold = readGold(page) ?? '';
    const zh = page.lang.startsWith('zh');
    return { page, bytes, html, gold, zh, teaser: teaserOf(html, gold), site: '' };
  });
  // Synthetic sites: four pages of one script each, in id order.
  for (const zh of [true, false]) {
    const mine = all.filter((p) => p.zh === zh).sort((a, b) => a.page.id.localeCompare(b.page.id));
    mine.forEach((p, i) => (p.site = `${zh ? 'zh' : 'en'}-${Math.floor(i / SITE_SIZE)}`));
  }
  const hosts = new Map<string, { host: HostTemplate; page: CorpusPage; zh: boolean }>();
  for (const p of all) {
    const host = hostTemplate(p.page.id, p.bytes, p.gold);
    if (host) hosts.set(p.page.id, { host, page: p.page, zh: p.zh });
  }
  const copies: Copy[] = [];
  const flags: Flag[] = [];
  const rows: RobustMatchingRow[] = [];
  for (const kind of kinds) {
    const perturbed = new Map<string, Buffer>();
    for (const p of all) {
      const pool = all.filter((o) => o.zh === p.zh && o.site !== p.site && o.teaser.title && o.teaser.summary).map((o) => o.teaser);
      const bytes = perturbPage(p.html, p.gold, p.page, kind, pool, rng(`${p.site}:${kind}`));
      if (bytes) perturbed.set(p.page.id, bytes);
    }
    const keys = options.profile ? new Map([...perturbed].map(([id, bytes]) => [id, keysOf(bytes)])) : new Map<string, PageKeys | null>();
    for (const useProfile of options.profile === 'only' ? [true] : options.profile ? [false, true] : [false]) {
      const index = new CorpusIndex();
      const originals = new Map<string, { prepared: PreparedPage; wholesale: boolean; site: string }>();
      for (const p of all) {
        const bytes = perturbed.get(p.page.id);
        if (!bytes) continue;
        // The site's profile as the index job has it: learned from the site's other pages.
        let profile: TemplateProfile | null = null;
        if (useProfile)
          for (const o of all) {
            const k = o.site === p.site && o.page.id !== p.page.id ? keys.get(o.page.id) : null;
            if (k) profile = learnPage(profile, k).profile;
          }
        const prepared = prepare(bytes, profile);
        if (!prepared) continue;
        const f1 = scoreText(prepared.article.text, p.gold).f1;
        const ratio = tokens(prepared.article.text).length / (tokens(p.gold).length || 1);
        const wholesale = f1 < WHOLESALE.f1 || ratio > WHOLESALE.overLong || ratio < WHOLESALE.overShort;
        originals.set(p.page.id, { prepared, wholesale, site: p.site });
        index.add(indexEntryFor(p.page.id, prepared));
      }
      const lookup = (id: string) => originals.get(id)?.prepared;
      const random = numberRng(20261207);
      const mine: Copy[] = [];
      let sameSitePairs = 0;
      for (const p of all) {
        const original = originals.get(p.page.id);
        if (!original) continue;
        sameSitePairs += [...originals.values()].filter((o) => o.site === original.site).length - 1;
        const others = [...hosts.values()].filter((h) => h.zh === p.zh && h.page.domain !== p.page.domain);
        const paragraphs = p.gold
          .split(/\n+/)
          .map((l) => l.trim())
          .filter(Boolean);
        const lang = p.zh ? 'zh' : 'en';
        const variants: Array<[Copy['variant'], string[], number]> = [['full', paragraphs, 1]];
        const ex = excerpt(paragraphs, lang, 0.2, 'contiguous', random);
        if (ex.paragraphs.length) variants.push(['excerpt 20%', ex.paragraphs, ex.truth]);
        for (const [variant, text, truth] of variants) {
          const suspect = prepare(fillSlot(pick(others, random).host, text));
          const hit = suspect ? matchSuspect(index, lookup, suspect).find((m) => m.articleId === p.page.id || m.duplicates.includes(p.page.id)) : undefined;
          mine.push({
            kind,
            profile: useProfile,
            id: p.page.id,
            variant,
            found: !!hit,
            truth,
            containment: hit?.comparison.containment ?? 0,
            verdict: hit?.comparison.verdict ?? 'none',
            teaser: hit?.comparison.teaser ?? false,
            wholesale: original.wholesale,
          });
        }
        // The page itself, whole, against every other article of the index.
        for (const m of matchSuspect(index, lookup, original.prepared)) {
          if (m.articleId === p.page.id) continue;
          const other = originals.get(m.articleId);
          flags.push({
            kind,
            profile: useProfile,
            suspect: p.page.id,
            original: m.articleId,
            sameSite: other?.site === original.site,
            verdict: m.comparison.verdict,
            containment: m.comparison.containment,
            matchedChars: m.comparison.matchedChars,
            scope: m.comparison.scope,
            teaser: m.comparison.teaser,
          });
        }
      }
      copies.push(...mine);
      const rate = (cs: Copy[]) => (cs.length ? cs.filter((c) => c.found).length / cs.length : 1);
      const wholesaleCopies = mine.filter((c) => c.wholesale);
      const kindFlags = flags.filter((f) => f.kind === kind && f.profile === useProfile);
      rows.push({
        kind,
        profile: useProfile,
        originals: originals.size,
        wholesale: [...originals.values()].filter((o) => o.wholesale).length,
        full: rate(mine.filter((c) => c.variant === 'full')),
        excerpt20: rate(mine.filter((c) => c.variant === 'excerpt 20%')),
        wholesaleFound: wholesaleCopies.filter((c) => c.found).length,
        wholesaleCopies: wholesaleCopies.length,
        containmentWithin10: mine.filter((c) => Math.abs(c.containment - c.truth) <= 0.1).length / (mine.length || 1),
        sameSitePairs,
        sameSiteFlagged: kindFlags.filter((f) => f.sameSite).length,
        otherFlagged: kindFlags.filter((f) => !f.sameSite && !f.teaser).length,
        teasers: kindFlags.filter((f) => f.teaser).length,
        copiesCalledTeasers: mine.filter((c) => c.teaser).length,
      });
    }
  }
  mkdirSync('bench/out', { recursive: true });
  writeFileSync(
    'bench/out/robust-matching.json',
    JSON.stringify({ copies: copies.filter((c) => !c.found || c.teaser || Math.abs(c.containment - c.truth) > 0.1), flags }, null, 1),
  );
  return { rows, seconds: (performance.now() - started) / 1000 };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function printRobustMatching(result: RobustMatchingEval): void {
  console.log(
    `\nMatching on degraded originals (held-out proxy): perturbed human-reference pages indexed, the real article copied (${result.seconds.toFixed(1)} s)`,
  );
  console.table(
    result.rows.map((r) => ({
      perturbation: r.kind,
      'site profile': r.profile ? 'yes' : 'no',
      originals: r.originals,
      'wholesale originals': r.wholesale,
      'full copies': pct(r.full),
      'excerpts 20%': pct(r.excerpt20),
      'copies of wholesale originals found': `${r.wholesaleFound}/${r.wholesaleCopies}`,
      'containment ±0.10': pct(r.containmentWithin10),
      'same site flagged': `${r.sameSiteFlagged}/${r.sameSitePairs}`,
      'other sites flagged': r.otherFlagged,
      teasers: r.teasers,
      'copies called teasers': r.copiesCalledTeasers,
    })),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const kinds = args.filter((a) => a !== '--profile') as Kind[];
  for (const k of kinds) if (!KINDS.includes(k)) throw new Error(`robust-matching: unknown kind ${k} (one of ${KINDS.join(', ')}, or --profile)`);
  printRobustMatching(evaluateRobustMatching(kinds.length ? kinds : KINDS, { profile: args.includes('--profile') }));
}
