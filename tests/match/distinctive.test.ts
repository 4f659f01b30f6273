import { describe, expect, it } from 'vitest';
import { CorpusIndex, distinctivePassages, indexEntryFor, preparePage } from '../../src/match/index.ts';
import { ARTICLES, PUBLISHER_NOTICE } from '../support/web/articles.ts';
import { ARTICLES_EN } from '../support/web/articles-en.ts';
import { articleOf } from '../support/articles-as.ts';

describe('distinctivePassages', () => {
  it('chooses long sentences, rarest first, cut to a search box', () => {
    const text = '短句。' + '这是一个足够长的句子，讲述了炼油厂节能改造的具体过程和成果。' + '另一句话也很长，说明了催化剂实验室考核的每一个环节和细节要求。';
    const df = (_fp: number) => 0;
    const out = distinctivePassages(text, { count: 2, df });
    expect(out.map((p) => p.units)).toEqual([...out.map((p) => p.units)].sort((a, b) => b - a));
    expect(out).toHaveLength(2);
    expect(out.every((p) => !p.text.includes('短句'))).toBe(true);
    const cut = distinctivePassages('一'.repeat(10) + '二'.repeat(50) + '。', { count: 1, df });
    expect(cut[0].units).toBe(38);
    expect(cut[0].text).toHaveLength(38);
  });

  it('counts words in other scripts and drops double quotes', () => {
    const text =
      'Too short here. The refinery cut its energy use by twelve percent after the new heat exchangers came online last winter, "the plant manager said".';
    const out = distinctivePassages(text, { count: 3, df: () => 0 });
    expect(out).toHaveLength(1);
    expect(out[0].text).not.toContain('"');
    expect(out[0].units).toBe(18);
  });

  it('passes over sentences the corpus holds in many articles (the notice, boilerplate)', () => {
    const index = new CorpusIndex();
    const texts = ARTICLES.map((a) => [...a.paragraphs, PUBLISHER_NOTICE].join('\n'));
    ARTICLES.forEach((a, i) => index.add(indexEntryFor(a.id, preparePage(articleOf(texts[i].split('\n'))))));
    for (const a of ARTICLES_EN) index.add(indexEntryFor(a.id, preparePage(articleOf(a.paragraphs, { lang: 'en' }))));
    const df = (fp: number) => index.documentFrequency(fp);
    const noticeSentences = new Set(PUBLISHER_NOTICE.split(/[。；]/).map((s) => s.trim()));
    let notice = 0;
    const started = performance.now();
    for (const text of texts) {
      const chosen = distinctivePassages(text, { count: 2, df });
      expect(chosen).toHaveLength(2);
      for (const p of chosen) {
        expect(text).toContain(p.text);
        if ([...noticeSentences].some((s) => s && s.includes(p.text.slice(0, 10)))) notice++;
      }
    }
    const ms = (performance.now() - started) / texts.length;
    expect(notice).toBe(0);
    expect(ms).toBeLessThan(20);
  });

  it('reports document frequency from the corpus index', () => {
    const index = new CorpusIndex();
    const page = preparePage(articleOf(ARTICLES[0].paragraphs));
    index.add(indexEntryFor('a', page));
    index.add(indexEntryFor('b', preparePage(articleOf([...ARTICLES[0].paragraphs, '另加一段文字，使两篇文章不完全相同。']))));
    const fp = indexEntryFor('a', page).fingerprints[0];
    expect(index.documentFrequency(fp)).toBe(2);
    expect(index.documentFrequency(12345)).toBe(0);
    index.remove('b');
    expect(index.documentFrequency(fp)).toBe(1);
  });
});
