/**
 * What templates put in and around an article, from the robustness suite's kinds `heavy-chrome`,
 * `step-cards` and `split-body` (bench/robustness.ts): a cookie banner and a sidebar of blurbs
 * beside a short article, a how-to whose steps are cards of nested wrappers, a body cut into
 * parts built alike with a newsletter box between them. All pages here are synthetic.
 */
import { describe, expect, it } from 'vitest';
import { extract } from '../../src/extract/index.ts';
import { isConsentNotice } from '../../src/extract/boilerplate.ts';

function ok(result: ReturnType<typeof extract>) {
  if (!result.ok) throw new Error(`expected an article, got ${result.reason}: ${result.message}`);
  return result.article;
}
const html = (body: string) => Buffer.from(`<!doctype html><html><head><meta charset="utf-8"><title>Page</title></head><body>${body}</body></html>`);
const sentence = (topic: string, n: number) =>
  `On the ${topic} trail we stopped at point ${n}, drank some water and looked back at the valley below, which was still in shade.`;
const ps = (xs: string[]) => xs.map((p) => `<p>${p}</p>`).join('');

describe('a cookie-consent banner', () => {
  const banner =
    '<div class="layer-3"><p>We use cookies and similar technologies to improve your experience, personalise content and ads, and analyse our traffic. By clicking "Accept all" you agree to this; you can change your choice at any time in the privacy settings.</p><button>Accept all</button><button>Manage settings</button></div>';

  it('is not the article of a short page, though it is longer than it', () => {
    const story = [sentence('short', 1)];
    const a = ok(extract(html(`<div class="top"><h1>A walk</h1>${ps(story)}</div>${banner}`)));
    expect(a.paragraphs).toEqual(story);
  });

  it('is told by the site speaking of its cookies, in English and Chinese', () => {
    expect(isConsentNotice('This website uses cookies to improve your experience. Accept')).toBe(true);
    expect(isConsentNotice('我们使用Cookie和类似技术来改善您的浏览体验。继续浏览即表示您同意。')).toBe(true);
    // An article's sentence about cookies, or a long paragraph that quotes a banner, is not one.
    expect(isConsentNotice('The baker said the cookies sold out by noon, as they do every Saturday.')).toBe(false);
    // Japanese: the site's own クッキー (Cookie) use, not the word alone (a recipe's cookies).
    expect(isConsentNotice('当サイトではサービス向上のためにクッキーを使用しています。')).toBe(true);
    expect(isConsentNotice('バターと砂糖を混ぜて、クッキーの生地を30分冷やします。')).toBe(false);
    expect(isConsentNotice(`Regulators said the phrase "we use cookies" hides a lot. ${sentence('law', 1).repeat(6)}`)).toBe(false);
  });
});

describe('a sidebar of text-rich blurbs beside a short article', () => {
  const story = [sentence('river', 1), sentence('river', 2)];
  const blurb = (i: number) =>
    `<div class="b"><h4>Story number ${i} of the week</h4><p>${sentence('blurb', i)} ${sentence('other', i)} <a href="/s/${i}">Read more</a></p></div>`;

  it('is left out when its items end in a "read more" link, their headlines unlinked', () => {
    const side = `<div class="col-2"><h3>Popular</h3>${[1, 2, 3, 4, 5].map(blurb).join('')}</div>`;
    const a = ok(extract(html(`<div class="wrap"><div class="main"><h1>River</h1>${ps(story)}</div>${side}</div>`)));
    expect(a.paragraphs).toEqual(story);
  });

  it('keeps a list whose items end in a link that is not "read more"', () => {
    const items = [1, 2, 3].map((i) => `<div class="b"><p>${sentence('source', i)} <a href="/doc/${i}">the county report</a></p></div>`);
    const a = ok(extract(html(`<div class="main"><h1>River</h1><div class="body">${ps(story)}${items.join('')}</div></div>`)));
    for (let i = 1; i <= 3; i++) expect(a.text).toContain(sentence('source', i));
  });
});

describe('a how-to whose steps are cards of nested wrappers', () => {
  const steps = [1, 2, 3, 4, 5, 6].map((i) => [sentence(`step ${i}`, 1)]);
  const card = (s: string[], i: number) =>
    `<div class="step"><div class="step-head"><span>${i + 1}</span><h3>Step ${i + 1}</h3></div><div class="step-media"><img src="/s${i}.jpg" alt=""></div><div class="step-body">${ps(s)}</div></div>`;
  const reply = [1, 2, 3].map((i) => `<p>${sentence('reader', i)} ${sentence('reader', i + 3)}</p>`).join('');
  const comments = `<ol class="comment-list"><li class="comment"><article class="comment-body"><div class="comment-content">${reply}</div></article></li></ol>`;

  it('is read whole, not one step, nor the comments below it', () => {
    const page = html(`<div class="page"><h1>How to hike</h1><div class="entry">${steps.map(card).join('')}</div><h3>1 comment</h3>${comments}</div>`);
    const a = ok(extract(page));
    for (const s of steps.flat()) expect(a.paragraphs).toContain(s);
    expect(a.text).not.toContain('reader trail');
  });
});

describe('a body cut into parts built alike, with a newsletter box between them', () => {
  const parts = [0, 1, 2].map((k) => [0, 1, 2].map((i) => sentence(`part ${k}`, i)));
  const box =
    '<div class="box-0"><h3>Get our morning newsletter</h3><p>Sign up to receive the top stories in your inbox every morning.</p><form><input type="email"><button>Sign up</button></form></div>';

  it('is read past the box, though each part is named a widget', () => {
    const body = parts.map((p) => `<div class="widget-container">${ps(p)}</div>`).join(box);
    const a = ok(extract(html(`<h1>A long walk</h1><div class="post">${body}</div><div class="widget-container"><a href="/x">Archive</a></div>`)));
    for (const p of parts.flat()) expect(a.paragraphs).toContain(p);
  });
});
