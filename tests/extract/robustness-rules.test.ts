/**
 * Rules of extraction measured by the robustness suite (bench/robustness.ts, the held-out proxy
 * of issue 12): a page's whole article column under a sidebar-sounding class, and articles cut
 * into sibling sections. All pages here are synthetic.
 */
import { describe, expect, it } from 'vitest';
import { extract } from '../../src/extract/index.ts';

function ok(result: ReturnType<typeof extract>) {
  if (!result.ok) throw new Error(`expected an article, got ${result.reason}: ${result.message}`);
  return result.article;
}
const html = (body: string) => Buffer.from(`<!doctype html><html><head><meta charset="utf-8"><title>Page</title></head><body>${body}</body></html>`);
const sentence = (topic: string, n: number) =>
  `On the ${topic} trail we stopped at point ${n}, drank some water and looked back at the valley below, which was still in shade.`;

describe('a column that holds the headline and most of the prose', () => {
  const paras = [0, 1, 2, 3, 4].map((i) => sentence('morning', i));
  const sections = paras.map((p) => `<section><h2>Stop</h2><p>${p}</p></section>`).join('');
  const cookie =
    '<div class="pl-wrap-law"><p>This website uses cookies to improve your experience, and we will assume that you are fine with it unless you opt out.</p></div>';
  const links = ['Home', 'Hiking trails', 'Camping with kids', 'Gear reviews', 'Family trips', 'About the author', 'Contact us', 'Privacy policy'];
  links.push(...links.map((l) => `${l} archive`));
  const footer = `<footer>${links.map((l) => `<a href="/${l.length}">${l}</a>`).join(' ')}</footer>`;
  const page = html(`<div class="sticky-sidebar"><h1>A hike</h1><div class="entry">${sections}</div></div>${footer}${cookie}`);

  it('is the article, though its class says sidebar', () => {
    const a = ok(extract(page));
    for (const p of paras) expect(a.paragraphs).toContain(p);
    expect(a.text).not.toContain('cookies');
  });

  it('is still a sidebar when it does not hold the headline', () => {
    const story = [0, 1].map((i) => sentence('evening', i));
    const side = [5, 6, 7, 8, 9].map((i) => `<p>${sentence('sidebar', i)}</p>`).join('');
    const a = ok(
      extract(html(`<main><h1>A hike</h1><div class="entry">${story.map((p) => `<p>${p}</p>`).join('')}</div></main><div class="sidebar">${side}</div>`)),
    );
    expect(a.paragraphs).toEqual(story);
  });
});
