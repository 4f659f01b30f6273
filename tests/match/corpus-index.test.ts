import { describe, expect, it } from 'vitest';
import { CorpusIndex, indexEntryFor, matchSuspect, preparePage, type PreparedPage } from '../../src/match/index.ts';
import { winnow } from '../../src/fingerprint/index.ts';
import { ARTICLES, PUBLISHER_NOTICE } from '../support/web/articles.ts';
import { ARTICLES_EN } from '../support/web/articles-en.ts';
import { articleOf } from '../support/articles-as.ts';

function build(pages: Array<[string, PreparedPage]>, options = {}) {
  const index = new CorpusIndex(options);
  const byId = new Map(pages);
  for (const [id, page] of pages) index.add(indexEntryFor(id, page));
  return { index, lookup: (id: string) => byId.get(id) };
}

const pages = (): Array<[string, PreparedPage]> => [
  ...ARTICLES.map((a): [string, PreparedPage] => [a.id, preparePage(articleOf(a.paragraphs))]),
  ...ARTICLES_EN.map((a): [string, PreparedPage] => [a.id, preparePage(articleOf(a.paragraphs, { lang: 'en' }))]),
];

describe('CorpusIndex', () => {
  it('finds the original of a full copy and of an excerpt, and nothing for an unrelated text', () => {
    const { index, lookup } = build(pages());
    const full = matchSuspect(index, lookup, preparePage(articleOf(ARTICLES[1].paragraphs)));
    expect(full.map((m) => [m.articleId, m.comparison.verdict])).toEqual([['oilfield-training', 'full']]);
    const excerpt = matchSuspect(index, lookup, preparePage(articleOf(ARTICLES[0].paragraphs.slice(3, 6))));
    expect(excerpt.map((m) => [m.articleId, m.comparison.verdict])).toEqual([['refinery-energy', 'partial']]);
    const unrelated = matchSuspect(
      index,
      lookup,
      preparePage(articleOf(['今天天气晴朗，气温适宜，市民纷纷走出家门，到公园散步、锻炼身体，享受美好的周末时光。'])),
    );
    expect(unrelated).toEqual([]);
  });

  it('finds near duplicates by simhash band', () => {
    const { index } = build(pages());
    const edited = preparePage(articleOf(ARTICLES[0].paragraphs.map((p) => p.replace('清晨七点', '早上七点'))));
    const c = index.candidates({ simhash: edited.fingerprint.simhash, fingerprints: new Uint32Array(0) });
    expect(c[0]).toMatchObject({ id: 'refinery-energy' });
    expect(c[0].simhashDistance).toBeLessThanOrEqual(3);
  });

  it('adds and removes articles one at a time', () => {
    const { index, lookup } = build(pages());
    const suspect = preparePage(articleOf(ARTICLES[2].paragraphs));
    expect(matchSuspect(index, lookup, suspect)).toHaveLength(1);
    expect(index.remove('station-service')).toBe(true);
    expect(index.remove('station-service')).toBe(false);
    expect(matchSuspect(index, lookup, suspect)).toEqual([]);
    index.add(indexEntryFor('station-service', lookup('station-service')!));
    expect(matchSuspect(index, lookup, suspect)).toHaveLength(1);
    index.compact();
    expect(index.size).toBe(pages().length);
    expect(matchSuspect(index, lookup, suspect)).toHaveLength(1);
  });

  it('saves to bytes and loads back with the same answers', () => {
    const { index, lookup } = build(pages());
    index.remove('harbor-wind');
    const loaded = CorpusIndex.fromBytes(index.toBytes());
    expect(loaded.size).toBe(index.size);
    for (const [, page] of pages()) {
      const q = { simhash: page.fingerprint.simhash, fingerprints: page.fingerprint.winnowed.hashes };
      expect(loaded.candidates(q)).toEqual(index.candidates(q));
    }
    expect(matchSuspect(loaded, lookup, preparePage(articleOf(ARTICLES[0].paragraphs)))[0].articleId).toBe('refinery-energy');
    expect(() => CorpusIndex.fromBytes(Buffer.from('nonsense'))).toThrow(/not a copywatch corpus index/);
  });

  it('does not count boilerplate held by many articles as evidence', () => {
    // 60 different short articles, each ending with the publisher's notice.
    const corpus: Array<[string, PreparedPage]> = [];
    const sentences = ARTICLES.flatMap((a) => a.paragraphs);
    for (let i = 0; i < 60; i++) {
      corpus.push([`a${i}`, preparePage(articleOf([sentences[i % sentences.length].slice(0, 40) + `第${i}号通报。`, PUBLISHER_NOTICE]))]);
    }
    const { index, lookup } = build(corpus, { maxDf: 50 });
    const noticeOnly = preparePage(articleOf([PUBLISHER_NOTICE]));
    // Looked up as a suspect is (windows of 16, with positions): the notice's edges, which some
    // articles keep and others not, are no evidence either.
    const query = winnow(noticeOnly.fingerprint.shingles, 16);
    expect(index.candidates({ simhash: { hi: 0, lo: 0 }, fingerprints: query.hashes, positions: query.positions })).toEqual([]);
    expect(matchSuspect(index, lookup, noticeOnly)).toEqual([]);
  });

  it('finds a copy of an article that carries the notice, and an excerpt of a short story', () => {
    const corpus: Array<[string, PreparedPage]> = [];
    const sentences = ARTICLES.slice(1).flatMap((a) => a.paragraphs);
    for (let i = 0; i < 60; i++) {
      corpus.push([`a${i}`, preparePage(articleOf([sentences[i % sentences.length].slice(0, 40) + `第${i}号通报。`, PUBLISHER_NOTICE]))]);
    }
    corpus.push(['refinery-energy', preparePage(articleOf([...ARTICLES[0].paragraphs, PUBLISHER_NOTICE]))]);
    const story = ARTICLES_EN[0].paragraphs.join(' ').split(' ').slice(0, 110).join(' ');
    corpus.push(['short-story', preparePage(articleOf([story], { lang: 'en' }))]);
    const { index, lookup } = build(corpus, { maxDf: 50 });
    // Three paragraphs and the notice: the article's own text beside the notice is evidence.
    const copy = matchSuspect(index, lookup, preparePage(articleOf([...ARTICLES[0].paragraphs.slice(3, 6), PUBLISHER_NOTICE])));
    expect(copy.map((m) => m.articleId)).toEqual(['refinery-energy']);
    // 26 words of a 110-word story inside another text (windows of 64 keep two or three fingerprints of it).
    const words = story.split(' ');
    const filler = ARTICLES_EN[1].paragraphs.join(' ').split(' ');
    const excerpt = [...filler.slice(0, 60), ...words.slice(40, 66), ...filler.slice(60, 120)].join(' ');
    const found = matchSuspect(index, lookup, preparePage(articleOf([excerpt], { lang: 'en' })));
    expect(found.map((m) => [m.articleId, m.comparison.verdict])).toEqual([['short-story', 'partial']]);
  });

  it('groups thousands of identical syndicated articles into one match', () => {
    const wire = preparePage(articleOf(ARTICLES[1].paragraphs));
    const corpus: Array<[string, PreparedPage]> = Array.from({ length: 3000 }, (_, i) => [`wire-${i}`, wire]);
    corpus.push(['refinery-energy', preparePage(articleOf(ARTICLES[0].paragraphs))]);
    const { index, lookup } = build(corpus);
    expect(index.size).toBe(3001);
    const matches = matchSuspect(index, lookup, preparePage(articleOf(ARTICLES[1].paragraphs)));
    expect(matches).toHaveLength(1);
    expect(matches[0].articleId).toBe('wire-0');
    expect(matches[0].duplicates).toHaveLength(2999);
    index.remove('wire-0');
    const after = matchSuspect(index, lookup, preparePage(articleOf(ARTICLES[1].paragraphs)));
    expect(after[0].articleId).toBe('wire-1');
    expect(after[0].duplicates).toHaveLength(2998);
  });
});
