/**
 * Pairs with copies inside the posts of real forum threads (wcxb forum pages, as copywatch reads
 * them into posts):
 * - an article pasted into a later post of a thread (the post's body replaced, the thread's other
 *   posts and chrome kept): the forum page is a copy of the article, in full or a 20% excerpt;
 * - one later post of a thread (the longest from the 2nd on) reposted alone in another site's
 *   article slot: a copy of the thread.
 * Drawn with their own seeded generator, after the rest of the suite, so adding them moves no
 * other pair.
 */
import type { Article } from '../../src/domain/index.ts';
import type { CorpusPage } from '../lib/corpus.ts';
import type { Pair } from './suite.ts';
import { byHash, pick, rng, seedFor } from './rng.ts';
import { fillSlot, hostTemplate, type HostTemplate } from './slot.ts';
import * as V from './variants.ts';

interface ThreadSource {
  id: string;
  page: CorpusPage;
  lang: 'zh' | 'en';
  bytes: Buffer;
  article: Article;
  origin: string;
}

const POST_GROUPS = {
  full: 'article in a later forum post: full',
  excerpt: 'article in a later forum post: excerpt 20%',
  repost: 'a later post reposted',
} as const;

/** Probe lines for the slot search: the post's paragraphs, or a one-paragraph post's two halves. */
function probeReference(text: string): string {
  const lines = text.split(/\n+/).filter((l) => l.trim().length >= 12);
  if (lines.length >= 2) return lines.join('\n');
  const line = lines[0] ?? '';
  const mid = line.indexOf(' ', Math.floor(line.length / 2));
  return mid > 0 ? `${line.slice(0, mid)}\n${line.slice(mid + 1)}` : line;
}

export function threadPairs(
  sources: ThreadSource[],
  articleHosts: HostTemplate[],
  hostOrigin: (h: HostTemplate) => string,
  skip: (why: string) => void,
  seed: number,
): Pair[] {
  // Streams of their own per thread and per article (seedFor), and articles picked by a hash of
  // their id: a change in one page's extraction re-draws its own pairs, not every pair after it.
  const threads = sources.filter((s) => s.page.pageType === 'forum' && (s.article.posts?.length ?? 0) >= 3);
  // Post slots: a later post of each thread (from the middle on), its body emptied.
  const slots: Array<{ host: HostTemplate; domain: string | null }> = [];
  for (const t of threads) {
    const posts = t.article.posts!;
    const later = posts.slice(Math.floor(posts.length / 2)).filter((p) => p.text.length >= 60);
    if (!later.length) {
      skip('thread without a later post of 60 characters (no post slot)');
      continue;
    }
    const host = hostTemplate(t.id, t.bytes, probeReference(pick(later, rng(seedFor(seed, `slot:${t.id}`))).text));
    if (host) slots.push({ host, domain: t.page.domain });
    else skip('thread whose later post could not be found in its markup (no post slot)');
  }

  const pairs: Pair[] = [];
  const articles = byHash(
    sources.filter((s) => s.lang === 'en' && s.page.pageType !== 'forum' && s.article.text.length >= 1200 && s.article.paragraphs.length >= 2),
    seed,
  ).slice(0, 30);
  for (const src of articles) {
    const random = rng(seedFor(seed, `post:${src.id}`));
    const others = slots.filter((s) => !src.page.domain || s.domain !== src.page.domain);
    if (!others.length) continue;
    const p = src.article.paragraphs;
    for (const [group, v] of [
      [POST_GROUPS.full, { paragraphs: p, truth: 1 }],
      [POST_GROUPS.excerpt, V.excerpt(p, 'en', 0.2, 'contiguous', random)],
    ] as const) {
      if (!v.paragraphs.length) continue;
      const slot = pick(others, random);
      pairs.push({
        positive: true,
        kind: group,
        group,
        lang: 'en',
        originalId: src.id,
        suspect: { bytes: fillSlot(slot.host, v.paragraphs) },
        truth: v.truth,
        originSource: src.origin,
        hostSource: 'wcxb:forum (a later post)',
      });
    }
  }

  for (const t of threads) {
    const posts = t.article.posts!.slice(1);
    const longest = posts.reduce((a, b) => (b.text.length > a.text.length ? b : a), posts[0]);
    if (longest.text.length < 300) {
      skip('thread without a later post of 300 characters (no repost pair)');
      continue;
    }
    const hosts = articleHosts.filter((h) => h.id !== t.id && hostOrigin(h) !== 'wcxb:forum');
    const host = pick(hosts, rng(seedFor(seed, `repost:${t.id}`)));
    pairs.push({
      positive: true,
      kind: POST_GROUPS.repost,
      group: POST_GROUPS.repost,
      lang: 'en',
      originalId: t.id,
      suspect: { bytes: fillSlot(host, longest.text.split(/\n+/)) },
      truth: longest.text.length / t.article.text.length,
      originSource: t.origin,
      hostSource: hostOrigin(host),
    });
  }
  return pairs;
}
