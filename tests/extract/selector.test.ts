/** A site's article selector (config `article {selector, exclude}`), on synthetic pages. */
import { describe, expect, it } from 'vitest';
import { extract, selectorProblem } from '../../src/extract/index.ts';

const enc = (html: string) => new TextEncoder().encode(html);

function ok(result: ReturnType<typeof extract>) {
  if (!result.ok) throw new Error(`expected an article, got ${result.reason}: ${result.message}`);
  return result;
}

const prose = (n: number, topic: string) =>
  Array.from(
    { length: n },
    (_, i) => `<p>Sentence ${i + 1} about ${topic}, written out at some length so that it reads as prose, with commas and a full stop.</p>`,
  ).join('');

// A page where the automatic choice takes the long comment thread, not the short story above it.
const page = `<!doctype html><html lang="en"><head><title>Harbour crane returns - Example Times</title>
<meta name="author" content="Jane Roe"><meta property="article:published_time" content="2024-03-02"></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<h1>Harbour crane returns</h1>
<div class="story-body"><p>The harbour crane came back into service on Saturday, the port said, after a repair that took three weeks and cost more than planned.</p>
<div class="share"><p>Share this story on every network you know, now, please, it helps us.</p></div>
<p>Dock workers said the crane was quieter than before, and that lorries no longer queued at the gate for hours.</p></div>
<section class="responses">${prose(12, 'the comment thread')}</section>
<footer>© Example Times</footer></body></html>`;

describe('extract: article selector', () => {
  it('takes the text of the elements the selector matches, less the excluded ones, and still reads the metadata', () => {
    const r = ok(extract(enc(page), { selector: { selector: '.story-body', exclude: ['.share'] } }));
    expect(r.article.paragraphs).toEqual([
      'The harbour crane came back into service on Saturday, the port said, after a repair that took three weeks and cost more than planned.',
      'Dock workers said the crane was quieter than before, and that lorries no longer queued at the gate for hours.',
    ]);
    expect(r.article.title).toBe('Harbour crane returns');
    expect(r.article.byline).toBe('Jane Roe');
    expect(r.article.publishedAt).toBe('2024-03-02');
    expect(r.chrome.some((l) => l.includes('comment thread'))).toBe(true);
    expect(r.chrome.some((l) => l.includes('harbour crane came back'))).toBe(false);
  });

  it('without the selector the automatic choice stands (here the comment thread: why the override exists)', () => {
    const r = ok(extract(enc(page)));
    expect(r.article.text).toContain('comment thread');
  });

  it('joins several matches in document order, and a match inside a match counts once', () => {
    const html = `<html><body><div class="part"><p>First part of the text.</p><div class="part"><p>Nested part.</p></div></div>
      <aside><p>Not this.</p></aside><div class="part"><p>Second part of the text.</p></div></body></html>`;
    const r = ok(extract(enc(html), { selector: { selector: 'div.part' } }));
    expect(r.article.paragraphs).toEqual(['First part of the text.', 'Nested part.', 'Second part of the text.']);
  });

  it('understands combinators, attributes and pseudo-classes', () => {
    const html = `<html><body><main><p data-kind="lede">Lede line.</p><p>Body line one.</p><p>Body line two.</p></main></body></html>`;
    expect(ok(extract(enc(html), { selector: { selector: 'main > p:not([data-kind=lede])' } })).article.paragraphs).toEqual([
      'Body line one.',
      'Body line two.',
    ]);
    expect(ok(extract(enc(html), { selector: { selector: ':root main p:first-child' } })).article.paragraphs).toEqual(['Lede line.']);
  });

  it('falls back to the automatic extraction, with a diagnostic, when the selector matches nothing', () => {
    const r = ok(extract(enc(page), { selector: { selector: '#no-such-thing' } }));
    expect(r.article.text).toBe(ok(extract(enc(page))).article.text);
    expect(r.diagnostics).toContain('article selector "#no-such-thing" matched no text: automatic extraction used');
  });

  it('falls back when everything it matches is excluded', () => {
    const r = ok(extract(enc(page), { selector: { selector: '.share', exclude: ['p'] } }));
    expect(r.diagnostics.some((d) => d.includes('matched no text'))).toBe(true);
  });

  it('selectorProblem names what is wrong with a selector, and accepts good ones', () => {
    expect(selectorProblem('div.article > p')).toBeNull();
    expect(selectorProblem('div[')).toMatch(/^expected a CSS selector css-select can match, got "div\[" \(/);
    expect(selectorProblem('p:no-such-pseudo')).toMatch(/no-such-pseudo/);
    expect(selectorProblem(' ')).toBe('expected a CSS selector, got an empty string');
  });
});
