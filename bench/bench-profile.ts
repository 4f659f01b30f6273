/**
 * Does a template profile learned from a site's own pages help? For every page of a site group,
 * a profile is learned from up to 10 OTHER pages of the same site (the ones after it, in corpus
 * order, wrapping), then the page is extracted without and with it and scored against its
 * reference (bag-of-tokens F1, bench/lib/score.ts). Groups: cx163 (one NetEase template, silver
 * references), the cwced sites with several pages (human references; grouped by the host the
 * page links to most, the corpus gives no domain for cwced), newspaper's reuters.com (4 pages,
 * silver). gne has no references: only how often and how much the profile changed the text. Sites
 * with two pages (aeb, the rest of newspaper) are left out: one other page cannot show what repeats.
 *
 * Of these, only cx163 has 11 pages or more (a full 10-page profile and a held-out page); no
 * other host of the corpus has more than 9. The columns set the profile's repeated blocks (path
 * and text) apart from the whole profile (also recurring paths and teaser titles, profile.ts).
 *
 * What it showed (2026-12): next to no change. On these pages the automatic choice already
 * leaves the template out (precision ~1.0 on cx163; what F1 loses is recall against silver
 * references), also with every class and id renamed; the profile changed the text of 2 of 74
 * cx163 pages (F1 0.9299 → 0.9300) and of none elsewhere, with or without the recurring paths and
 * teaser titles. The failures it is for (a short story swamped by a related list, a site column
 * taken for the article) are measured on the synthetic stress set, bench-profile-synthetic.ts,
 * run after these tables.
 */
import { extract, learnPage } from '../src/extract/index.ts';
import type { PageKeys, TemplateProfile } from '../src/domain/index.ts';
import { blocksOnly, runSyntheticBench } from './bench-profile-synthetic.ts';
import { loadManifest, readGold, readPage, type CorpusPage } from './lib/corpus.ts';
import { mean, scoreText, tokens } from './lib/score.ts';

const LEARN = 10;

export interface GroupResult {
  group: string;
  pages: number;
  learnedFrom: number;
  reference: 'human' | 'silver' | 'none';
  f1Without: number | null;
  f1With: number | null;
  /** With the profile's repeated blocks only (path and text), as before recurring paths and teaser titles. */
  f1BlocksOnly: number | null;
  better: number;
  worse: number;
  changed: number;
  tokensWithout: number;
  tokensWith: number;
  /** Share of the article's characters in lines that other pages of the site also have as article (template kept as text). */
  sharedWithout: number;
  sharedWith: number;
}

function linkedHost(html: Buffer): string | null {
  const counts = new Map<string, number>();
  for (const m of html.toString('latin1').matchAll(/href=["']https?:\/\/([a-z0-9.-]+)/gi)) {
    const parts = m[1].toLowerCase().split('.');
    const host = parts.slice(/\.(com|net|org|gov|edu)\.cn$/.test(m[1].toLowerCase()) ? -3 : -2).join('.');
    counts.set(host, (counts.get(host) ?? 0) + 1);
  }
  let best: string | null = null;
  for (const [h, n] of counts) if (!best || n > counts.get(best)!) best = h;
  return best;
}

function groups(pages: CorpusPage[]): Array<{ name: string; pages: CorpusPage[] }> {
  const out: Array<{ name: string; pages: CorpusPage[] }> = [];
  const by = (source: string, key: (p: CorpusPage) => string | null, min: number, label: (k: string) => string) => {
    const map = new Map<string, CorpusPage[]>();
    for (const p of pages.filter((q) => q.source === source)) {
      const k = key(p);
      if (k) map.set(k, [...(map.get(k) ?? []), p]);
    }
    for (const [k, list] of [...map].sort((a, b) => b[1].length - a[1].length)) if (list.length >= min) out.push({ name: label(k), pages: list });
  };
  by(
    'cx163',
    () => '163.com',
    4,
    () => 'cx163 (163.com)',
  );
  by(
    'cwced',
    (p) => linkedHost(readPage(p)),
    4,
    (k) => `cwced ${k}`,
  );
  by(
    'newspaper',
    (p) => p.domain,
    4,
    (k) => `newspaper ${k}`,
  );
  by(
    'gne',
    (p) => p.domain,
    4,
    (k) => `gne ${k}`,
  );
  return out;
}

type Transform = (html: Buffer) => Buffer;

function learn(pages: CorpusPage[], keysOf: (p: CorpusPage) => PageKeys | null): TemplateProfile | null {
  let profile: TemplateProfile | null = null;
  for (const p of pages) {
    const k = keysOf(p);
    if (k) profile = learnPage(profile, k).profile;
  }
  return profile;
}

const linesOf = (r: ReturnType<typeof extract>) => (r.ok ? r.article.paragraphs : []);

/** Per page, the share of its characters in lines (over 5 characters) that another page's `reference` lines hold. */
function sharedShare(pages: string[][], reference: string[][]): number[] {
  return pages.map((lines, i) => {
    const others = new Set<string>();
    reference.forEach((r, j) => {
      if (j !== i) for (const l of r) others.add(l);
    });
    const total = lines.join('').length;
    return total ? lines.filter((l) => l.length > 5 && others.has(l)).join('').length / total : 0;
  });
}

/**
 * The page with every class and id word renamed to a meaningless letter word, the same word for
 * the same name across the site (as CSS modules or a minifier leave a site): the automatic
 * extraction then has no class or id words to go by, only tags and text. In memory, never saved.
 */
export function renameClasses(html: Buffer): Buffer {
  const text = html.toString('latin1');
  const out = text.replace(/\b(class|id)\s*=\s*("([^"]*)"|'([^']*)')/gi, (_m, attr: string, _q, dq?: string, sq?: string) => {
    const words = (dq ?? sq ?? '').split(/\s+/).filter(Boolean).map(meaningless);
    return `${attr}="${words.join(' ')}"`;
  });
  return Buffer.from(out, 'latin1');
}

function meaningless(word: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
  let out = '';
  for (let v = h >>> 0, k = 0; k < 6; k++, v = Math.floor(v / 26)) out += String.fromCharCode(97 + (v % 26));
  return `q${out}`;
}

export function benchProfile(transform: Transform = (h) => h): GroupResult[] {
  const results: GroupResult[] = [];
  const cache = new Map<string, Buffer>();
  const read = (p: CorpusPage) => {
    let b = cache.get(p.id);
    if (!b) cache.set(p.id, (b = transform(readPage(p))));
    return b;
  };
  const keyCache = new Map<string, PageKeys | null>();
  const keysOf = (p: CorpusPage) => {
    if (!keyCache.has(p.id)) {
      const r = extract(read(p), { learn: true });
      keyCache.set(p.id, r.ok && r.pageKeys ? r.pageKeys : null);
    }
    return keyCache.get(p.id)!;
  };
  for (const { name, pages } of groups(loadManifest())) {
    const f1s: [number, number, number][] = [];
    let changed = 0;
    const lengths: [number, number][] = [];
    const linesWithout: string[][] = [];
    const linesWith: string[][] = [];
    const learnedFrom = Math.min(LEARN, pages.length - 1);
    pages.forEach((page, i) => {
      const others = Array.from({ length: learnedFrom }, (_, k) => pages[(i + 1 + k) % pages.length]);
      const profile = learn(others, keysOf);
      const bytes = read(page);
      const a = linesOf(extract(bytes));
      const b = linesOf(extract(bytes, { profile }));
      linesWithout.push(a);
      linesWith.push(b);
      const without = a.join('\n');
      const withProfile = b.join('\n');
      if (without !== withProfile) changed++;
      lengths.push([tokens(without).length, tokens(withProfile).length]);
      const gold = readGold(page);
      const blocksOnlyText = profile ? linesOf(extract(bytes, { profile: blocksOnly(profile) })).join('\n') : without;
      if (gold) f1s.push([scoreText(without, gold).f1, scoreText(withProfile, gold).f1, scoreText(blocksOnlyText, gold).f1]);
    });
    const kind = pages[0].goldKind ?? 'none';
    results.push({
      group: name,
      pages: pages.length,
      learnedFrom,
      reference: kind,
      f1Without: f1s.length ? mean(f1s.map((f) => f[0])) : null,
      f1With: f1s.length ? mean(f1s.map((f) => f[1])) : null,
      f1BlocksOnly: f1s.length ? mean(f1s.map((f) => f[2])) : null,
      better: f1s.filter(([a, b]) => b > a + 0.005).length,
      worse: f1s.filter(([a, b]) => b < a - 0.005).length,
      changed,
      tokensWithout: mean(lengths.map((l) => l[0])),
      tokensWith: mean(lengths.map((l) => l[1])),
      sharedWithout: mean(sharedShare(linesWithout, linesWithout)),
      sharedWith: mean(sharedShare(linesWith, linesWithout)),
    });
  }
  return results;
}

export function printProfile(results: GroupResult[], title = 'the pages as they are'): void {
  console.log(`\nTemplate profile, ${title}: F1 of the extraction of a page without / with a profile learned from up to ${LEARN} other pages of its site`);
  const f = (v: number | null) => (v === null ? 'n/a' : v.toFixed(4));
  console.table(
    results.map((r) => ({
      group: r.group,
      pages: r.pages,
      'learned from': r.learnedFrom,
      reference: r.reference,
      'F1 without': f(r.f1Without),
      'F1 with repeated blocks only': f(r.f1BlocksOnly),
      'F1 with': f(r.f1With),
      'ratio with/without': r.f1Without ? (r.f1With! / r.f1Without).toFixed(4) : 'n/a',
      'better / worse pages': r.f1Without === null ? 'n/a' : `${r.better} / ${r.worse}`,
      'text changed': `${r.changed} of ${r.pages}`,
      'mean tokens without → with': `${r.tokensWithout.toFixed(0)} → ${r.tokensWith.toFixed(0)}`,
      'text shared with other pages, without → with': `${(r.sharedWithout * 100).toFixed(1)}% → ${(r.sharedWith * 100).toFixed(1)}%`,
    })),
  );
  const scored = results.filter((r) => r.f1Without !== null);
  const a = mean(scored.map((r) => r.f1Without!));
  const b = mean(scored.map((r) => r.f1With!));
  console.log(
    `mean over the ${scored.length} scored groups (each group weighs the same): F1 ${a.toFixed(4)} without, ${b.toFixed(4)} with (ratio ${(b / a).toFixed(4)})`,
  );
  const human = scored.filter((r) => r.reference === 'human');
  if (human.length) {
    console.log(
      `human references only (${human.length} groups): F1 ${mean(human.map((r) => r.f1Without!)).toFixed(3)} without, ${mean(human.map((r) => r.f1With!)).toFixed(3)} with`,
    );
  }
  console.log(
    "(silver references are another extractor's output: a gain against them is indicative, not proof; gne has no references, only the change is shown;",
  );
  console.log(
    ' "text shared": the share of a page\'s article characters in lines that another page of the site also gives as its article, which is template text or the same article under two URLs)',
  );
}

export function runProfileBench(): void {
  printProfile(benchProfile());
  printProfile(benchProfile(renameClasses), 'class and id names made meaningless (renamed alike across the site, in memory)');
  runSyntheticBench();
}

if (import.meta.url === `file://${process.argv[1]}`) runProfileBench();
