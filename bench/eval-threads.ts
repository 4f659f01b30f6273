/**
 * Multi-post pages: does the extraction hold every post, the later ones too?
 *
 * - wcxb forum pages (silver references): the reference's recall, and the recall of its later
 *   posts. The reference is split into posts at its header lines (a user name, then a date line,
 *   as the references carry them); a reference without two such headers is split at a third of
 *   its prose. Prose only: paragraphs of 6 tokens and more (names and dates are chrome).
 * - Synthetic thread pages in ten forum markups (bench/lib/synthetic-threads.ts), 10 posts each,
 *   bodies from human references: the share of posts found (body recall ≥ 0.8), of later posts
 *   (2nd to 10th) found, mean body recall, and precision against the page's and the posts' chrome
 *   (quotes of earlier posts count as neither). Then the same with a long opening post (a whole
 *   human-reference article) and 2 to 5 short replies, and that with the replies in a container
 *   named as comments. Then the 10-post threads with a class-less related-threads list inside
 *   `<main>` (links to other threads with one-sentence summaries): posts found, precision, and the
 *   share of the list's titles and summaries that got into the text.
 */
import { loadManifest, readGold } from './lib/corpus.ts';
import { extractCorpusPage } from './lib/extracted.ts';
import { mean, scoreText, tokens } from './lib/score.ts';
import { MARKUPS, syntheticThreads, type SyntheticThread, type ThreadVariant } from './lib/synthetic-threads.ts';
import { extract } from '../src/extract/index.ts';

export interface ForumPage {
  id: string;
  recall: number;
  /** Posts the reference splits into (1: no header lines found, split by position). */
  referencePosts: number;
  laterRecall: number;
  /** Posts the extraction lists (0: none). */
  posts: number;
}

export interface MarkupScore {
  threads: number;
  posts: number;
  found: number;
  laterFound: number;
  recall: number;
  precision: number;
  /** Related-threads items (title or summary) found in the text, as a share of all (related-list threads only). */
  relatedLeaked: number;
}

export interface ThreadEval {
  forum: ForumPage[];
  forumSummary: { pages: number; recall: number; laterRecall: number; laterFound: number; withPosts: number };
  synthetic: Record<string, MarkupScore>;
  /** The same markups with a long opening post (a whole article) and 2 to 5 short replies; then with the replies in a container named as comments. */
  longOpening: Record<string, MarkupScore>;
  commentsContainer: Record<string, MarkupScore>;
  /** Regular threads with a class-less related-threads list inside `<main>` beside the posts. */
  relatedList: Record<string, MarkupScore>;
}

const DATE_LINE =
  /^(?:(?:posted|asked|answered|edited|modified|joined|replied)\b.{0,30}|.{0,20}\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2},? \d{4}.{0,20}|\d{4}-\d{2}-\d{2}.{0,12}|\d{1,2}\/\d{1,2}\/\d{2,4}.{0,12}|\d+ (?:minutes?|hours?|days?|weeks?|months?|years?) ago)$/i;

/** The reference's posts: prose paragraphs grouped at header lines (name, then date). */
function splitReference(gold: string): string[][] {
  const lines = gold
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const posts: string[][] = [[]];
  for (let i = 0; i < lines.length; i++) {
    if (DATE_LINE.test(lines[i]) && tokens(lines[i]).length <= 12) {
      if (posts.at(-1)!.length) posts.push([]);
      continue;
    }
    if (tokens(lines[i]).length >= 6) posts.at(-1)!.push(lines[i]);
  }
  const withText = posts.filter((p) => p.length);
  if (withText.length >= 2) return withText;
  const all = withText.flat();
  const total = all.reduce((a, l) => a + tokens(l).length, 0);
  let acc = 0;
  let k = 0;
  while (k < all.length && acc < total / 3) acc += tokens(all[k++]).length;
  return [all.slice(0, k), all.slice(k)].filter((p) => p.length);
}

function forumPages(): ForumPage[] {
  const out: ForumPage[] = [];
  for (const page of loadManifest()) {
    if (page.source !== 'wcxb' || page.pageType !== 'forum' || page.goldKind !== 'silver') continue;
    const gold = readGold(page);
    if (!gold) continue;
    const { result } = extractCorpusPage(page);
    const text = result.ok ? result.article.text : '';
    const split = splitReference(gold);
    const later = split.slice(1).flat().join('\n');
    out.push({
      id: page.id,
      recall: scoreText(text, gold).recall,
      referencePosts: split.length,
      laterRecall: later ? scoreText(text, later).recall : 1,
      posts: result.ok ? (result.article.posts?.length ?? 0) : 0,
    });
  }
  return out;
}

/** Paragraphs of the human references of one source, one pool per page. */
function pools(source: string): string[][] {
  const out: string[][] = [];
  for (const page of loadManifest()) {
    if (page.source !== source || page.goldKind !== 'human') continue;
    const gold = readGold(page);
    if (!gold) continue;
    const min = source === 'cwced' ? 40 : 25;
    const ps = gold
      .split(/\n+/)
      .map((l) => l.trim())
      .filter((l) => tokens(l).length >= min);
    if (ps.length) out.push(ps);
  }
  return out;
}

export function scoreThread(t: SyntheticThread, text: string): { recalls: number[]; precision: number; leaked: number } {
  const recalls = t.bodies.map((b) => scoreText(text, b).recall);
  // Precision against the chrome: extracted tokens that are neither a body's nor a quote's.
  const truth = [...t.bodies, ...t.quotes].join('\n');
  // A related item leaks when the text holds it (most of its tokens, in order), not when a post shares its words.
  const leaked = t.related.filter((r) => text.includes(r)).length;
  return { recalls, precision: scoreText(text, truth).precision, leaked };
}

function synthetic(variant: ThreadVariant): Record<string, MarkupScore> {
  const threads = [...syntheticThreads(pools('aeb'), 'en', 4, 10, 12, variant), ...syntheticThreads(pools('cwced'), 'zh', 4, 10, 34, variant)];
  const out: Record<string, MarkupScore> = {};
  for (const markup of MARKUPS) {
    for (const lang of ['en', 'zh', 'all'] as const) {
      const ts = threads.filter((t) => t.markup === markup && (lang === 'all' || t.lang === lang));
      const scores = ts.map((t) => {
        const r = extract(Buffer.from(t.html));
        return scoreThread(t, r.ok ? r.article.text : '');
      });
      const all = scores.flatMap((s) => s.recalls);
      const later = scores.flatMap((s) => s.recalls.slice(1));
      out[`${markup} ${lang}`] = {
        threads: ts.length,
        posts: all.length,
        found: all.filter((r) => r >= 0.8).length / all.length,
        laterFound: later.filter((r) => r >= 0.8).length / later.length,
        recall: mean(all),
        precision: mean(scores.map((s) => s.precision)),
        relatedLeaked: ts.reduce((a, t) => a + t.related.length, 0)
          ? scores.reduce((a, s) => a + s.leaked, 0) / ts.reduce((a, t) => a + t.related.length, 0)
          : 0,
      };
    }
  }
  const every = Object.entries(out).filter(([k]) => k.endsWith(' all'));
  const w = (f: (m: MarkupScore) => number) => every.reduce((a, [, m]) => a + f(m) * m.posts, 0) / every.reduce((a, [, m]) => a + m.posts, 0);
  out['all'] = {
    threads: every.reduce((a, [, m]) => a + m.threads, 0),
    posts: every.reduce((a, [, m]) => a + m.posts, 0),
    found: w((m) => m.found),
    laterFound: w((m) => m.laterFound),
    recall: w((m) => m.recall),
    precision: every.reduce((a, [, m]) => a + m.precision * m.threads, 0) / every.reduce((a, [, m]) => a + m.threads, 0),
    relatedLeaked: every.reduce((a, [, m]) => a + m.relatedLeaked * m.threads, 0) / every.reduce((a, [, m]) => a + m.threads, 0),
  };
  return out;
}

export function evaluateThreads(): ThreadEval {
  const forum = forumPages();
  return {
    forum,
    forumSummary: {
      pages: forum.length,
      recall: mean(forum.map((p) => p.recall)),
      laterRecall: mean(forum.map((p) => p.laterRecall)),
      laterFound: forum.filter((p) => p.laterRecall >= 0.8).length / forum.length,
      withPosts: forum.filter((p) => p.posts >= 2).length / forum.length,
    },
    synthetic: synthetic('regular'),
    longOpening: synthetic('long-opening'),
    commentsContainer: synthetic('comments-container'),
    relatedList: synthetic('related-list'),
  };
}

const f3 = (x: number) => x.toFixed(3);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function printThreads(r: ThreadEval): void {
  const s = r.forumSummary;
  console.log('\nThreads: wcxb forum pages against their silver references (prose paragraphs; later posts = the reference after its first post)');
  console.table([
    {
      pages: s.pages,
      'silver recall': f3(s.recall),
      'later posts recall': f3(s.laterRecall),
      'pages with later posts ≥ 0.8': pct(s.laterFound),
      'pages read as posts': pct(s.withPosts),
    },
  ]);
  const worst = [...r.forum].sort((a, b) => a.laterRecall - b.laterRecall).slice(0, 5);
  console.log(`lowest later-posts recall: ${worst.map((p) => `${p.id.replace(/^wcxb\//, '')} ${f3(p.laterRecall)}`).join(', ')}`);
  printSynthetic('10 posts each', r.synthetic);
  printSynthetic('long opening post: a whole human-reference article, then 2 to 5 short replies', r.longOpening);
  printSynthetic('long opening post, the replies in a container named as comments', r.commentsContainer);
  printSynthetic('10 posts each and a class-less related-threads list inside <main> beside them', r.relatedList, true);
}

function printSynthetic(what: string, scores: Record<string, MarkupScore>, related = false): void {
  console.log(`\nThreads: synthetic thread pages (${what}; human-reference bodies, per-post and page chrome); a post is found at body recall ≥ 0.8`);
  console.table(
    Object.entries(scores)
      .filter(([k]) => !k.endsWith(' all'))
      .map(([group, m]) => ({
        group,
        threads: m.threads,
        posts: m.posts,
        'posts found': pct(m.found),
        'later posts found': pct(m.laterFound),
        'body recall': f3(m.recall),
        'precision vs chrome': f3(m.precision),
        ...(related ? { 'related items in text': pct(m.relatedLeaked) } : {}),
      })),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) printThreads(evaluateThreads());
