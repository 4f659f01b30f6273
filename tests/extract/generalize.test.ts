/**
 * Page shapes seen on unseen sites where the article's extent was misjudged: a short story with a
 * long list of teasers below it (in cards, laid out flat, or as nested <article> elements), a
 * how-to whose steps sit in sibling sections, a long article
 * split into several body containers, Japanese text, a footer or a cookie dialog taken for the
 * article, and the text a page states about itself in JSON-LD. All pages here are synthetic.
 */
import { describe, expect, it } from 'vitest';
import { extract } from '../../src/extract/index.ts';
import { textStats } from '../../src/extract/text-stats.ts';

function ok(result: ReturnType<typeof extract>) {
  if (!result.ok) throw new Error(`expected an article, got ${result.reason}: ${result.message}`);
  return result.article;
}
const html = (body: string, head = '') =>
  Buffer.from(`<!doctype html><html><head><meta charset="utf-8"><title>Page</title>${head}</head><body>${body}</body></html>`);
const nav = `<div class="top"><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a> <a href="/about">About us</a></div>`;
const words = (seed: number, n: number) => {
  const pool = [
    'river',
    'council',
    'budget',
    'harbour',
    'winter',
    'school',
    'bridge',
    'garden',
    'market',
    'station',
    'library',
    'museum',
    'festival',
    'orchard',
    'ferry',
    'tower',
  ];
  return Array.from({ length: n }, (_, i) => pool[(seed * 7 + i * 3) % pool.length]).join(' ');
};

describe('a short story followed by a long list of other stories', () => {
  const story = [
    'The town council approved the new harbour budget on Tuesday after a short debate.',
    'Work on the ferry pier starts in March and should end before the summer season.',
  ];
  const teasers = Array.from(
    { length: 10 },
    (_, i) =>
      `<div class="card"><span class="kicker">Local</span> <h3><a href="/story/${i}">Headline number ${i} about the ${words(i, 4)}</a></h3><p>A summary of the other story number ${i}, about the ${words(i, 12)}, told in one sentence.</p><span class="date">2 hours ago</span></div>`,
  ).join('');
  const page = html(
    `${nav}<main><div class="wrap"><h1>Council approves harbour budget</h1>${story.map((p) => `<p>${p}</p>`).join('')}<h2>More news</h2><div class="grid">${teasers}</div></div></main>`,
  );

  it('keeps the story and leaves the teasers out', () => {
    const a = ok(extract(page));
    expect(a.paragraphs).toEqual(story);
  });
});

describe('a short story followed by other stories laid out flat', () => {
  const story = [
    'The library on Station Road reopens on Monday after a year of repairs to its roof.',
    'Opening hours stay the same, and the reading room now has room for forty people.',
  ];
  const flat = Array.from(
    { length: 6 },
    (_, i) =>
      `<h3><a href="/story/${i}">Headline ${i} about the ${words(i, 5)}</a></h3><p class="dek">A short summary of story ${i}, about the ${words(i, 10)}.</p><p class="date">${i + 1} hours ago</p>`,
  ).join('');

  it('keeps the story and leaves the flat teasers out', () => {
    const a = ok(
      extract(html(`${nav}<div class="story-page"><h1>Library reopens</h1>${story.map((p) => `<p>${p}</p>`).join('')}<h2>Latest</h2>${flat}</div>`)),
    );
    expect(a.paragraphs).toEqual(story);
  });

  it('keeps the paragraphs between linked headlines of an embedded list', () => {
    const paras = Array.from({ length: 9 }, (_, i) => `Line ${i} of the story: the ${words(i, 9)} moved on.`);
    const body = paras
      .map(
        (p, i) =>
          `<p class="paragraph">${p}</p>${i % 3 === 2 ? `<div class="embedded"><ul><li><h3><a href="/x/${i}">Another headline about the ${words(i, 4)}</a></h3></li></ul></div>` : ''}`,
      )
      .join('');
    const a = ok(extract(html(`${nav}<div class="text"><p>${story[0]}</p>${body}</div>`)));
    for (const p of paras) expect(a.text).toContain(p);
  });

  it('keeps a listicle whose linked headings have long descriptions', () => {
    const items = Array.from({ length: 5 }, (_, i) => [
      `The ${words(i, 3)} kit, number ${i}`,
      `This one is worth it because the ${words(i, 60)} all work together, and the price is fair for what you get.`,
    ]);
    const a = ok(
      extract(
        html(
          `${nav}<div class="post"><p>${story[0]}</p>${items.map(([h, d], i) => `<h2><a href="https://shop.example/${i}">${h}</a></h2><p>${d}</p>`).join('')}</div>`,
        ),
      ),
    );
    for (const [, d] of items) expect(a.text).toContain(d);
  });
});

describe('other posts nested in the post as <article> elements', () => {
  const post =
    'Loving yourself is the start of every other love, because nobody can give what they do not have, and patience with ourselves teaches patience with others.';
  const others = Array.from(
    { length: 6 },
    (_, i) =>
      `<article class="entry post-${100 + i} type-post"><div class="share"><a href="/s">Share</a></div><p>Another post, number ${i}, about the ${words(i, 30)}, written for the readers who liked this one.</p></article>`,
  ).join('');
  const page = html(
    `${nav}<div id="primary"><article class="entry post-1 type-post category-self"><h1>Only those who love themselves</h1><p>${post}</p><h3 class="relatedpoststitle">You may also like...</h3>${others}</article></div>`,
  );

  it('keeps the post alone', () => {
    expect(ok(extract(page)).paragraphs).toEqual([post]);
  });

  it('keeps a thread whose posts are articles built alike', () => {
    const posts = Array.from({ length: 4 }, (_, i) => `Reply ${i}: I had the same problem with the ${words(i, 16)}, and a firmware update fixed it for me.`);
    const thread = html(
      `${nav}<div class="thread">${posts.map((p) => `<article class="message"><div class="user">user${posts.indexOf(p)}</div><article class="message-body"><p>${p}</p></article></article>`).join('')}</div>`,
    );
    const text = ok(extract(thread)).text;
    for (const p of posts) expect(text).toContain(p);
  });
});

describe('a how-to whose steps are sibling sections', () => {
  const steps = Array.from({ length: 12 }, (_, i) => [
    `Step ${i + 1}: prepare the ${words(i, 2)}`,
    `First, take the ${words(i, 14)} and set it aside, so that the next part goes well.`,
    `Then check the ${words(i + 1, 12)} twice before you move on, because mistakes are costly.`,
  ]);
  const body = steps
    .map(
      ([h, p1, p2], i) =>
        `<div class="list-item step-${i}"><div class="list-item__inner"><h2>${h}</h2><div class="list-item__text"><p>${p1}</p><p>${p2}</p></div></div></div>${i % 4 === 3 ? '<div class="ad-slot"><p>Advertisement</p></div>' : ''}`,
    )
    .join('');
  const page = html(
    `${nav}<div class="page"><h1>How to do it in 12 steps</h1><p class="intro">This guide walks you through the whole job, one step at a time, with the tools you already own.</p>${body}</div><footer><p>© 2026 Example Media. All rights reserved.</p></footer>`,
  );

  it('returns every step, not one', () => {
    const a = ok(extract(page));
    for (const [h, p1, p2] of steps) {
      expect(a.text).toContain(h);
      expect(a.text).toContain(p1);
      expect(a.text).toContain(p2);
    }
    expect(a.text).not.toContain('Advertisement');
  });
});

describe('a long article split into several body containers', () => {
  const parts = [0, 1, 2].map((k) =>
    Array.from({ length: 4 }, (_, i) => `Part ${k} paragraph ${i}: the ${words(k * 4 + i, 16)} were discussed at length by everyone present.`),
  );
  const sidebar = `<div class="col-side">${Array.from({ length: 60 }, (_, i) => `<div><a href="/s/${i}">Sidebar link ${i} to a story on ${words(i, 3)}</a></div>`).join('')}<div class="box"><p>Our newsletter arrives every morning with the five things you need to know about the city.</p></div></div>`;
  const main = parts
    .map(
      (ps, k) =>
        `<div class="article-body"><div class="text">${ps.map((p) => `<p>${p}</p>`).join('')}</div></div>${k < 2 ? `<figure><img src="x.jpg"><figcaption>Photo ${k} of the harbour</figcaption></figure><div class="dfp"><span>Advertisement</span></div>` : ''}`,
    )
    .join('');
  const page = html(`${nav}<div class="layout"><h1>A long report</h1>${main}${sidebar}</div>`);

  it('returns all parts', () => {
    const a = ok(extract(page));
    for (const p of parts.flat()) expect(a.text).toContain(p);
    expect(a.text).not.toContain('Sidebar link');
  });

  it('does not take in a section headed "Related stories", nor a promotion above the article', () => {
    const related = `<div class="section-b"><h2>Related stories</h2>${[0, 1].map((i) => `<p>Story ${i}: the ${words(i + 5, 30)} were in the news again this week, for other reasons.</p>`).join('')}</div>`;
    const promo = `<div class="hero"><p>Vote now for the person of the year: the ${words(9, 30)} are all on the list, so pick yours today!</p></div>`;
    const a = ok(extract(html(`${nav}<div class="layout">${promo}<h1>A long report</h1>${main}${related}${sidebar}</div>`)));
    for (const p of parts.flat()) expect(a.text).toContain(p);
    expect(a.text).not.toContain('Story 0');
    expect(a.text).not.toContain('Vote now');
  });
});

describe('Japanese article', () => {
  const paras = [
    '東京都は２日、新しい防災計画を発表した。計画では、地震や豪雨に備えて、区市町村と連携した避難所の整備を進めるとしている。',
    '担当者は「住民の皆さんの安全を第一に考えた」と話した．今後、説明会を各地で開く予定だ｡',
    'また、高齢者や障害のある人への支援を強化するため、専門の相談窓口を設ける方針も示された。',
  ];
  const page = html(
    `<div class="header"><a href="/">ホーム</a> <a href="/news">ニュース</a> <a href="/sports">スポーツ</a></div><div class="article"><h1>東京都、新しい防災計画を発表</h1>${paras.map((p) => `<p>${p}</p>`).join('<p>広告</p><p>この記事をシェアする</p>')}<p>関連記事</p><p>この記事をシェアする</p></div><div class="box"><p>広告</p></div><div class="footer"><p>Copyright © Example Shimbun. All rights reserved.</p></div>`,
  );

  it('extracts the paragraphs and reads the language', () => {
    const a = ok(extract(page));
    expect(a.paragraphs).toEqual(paras);
    expect(a.lang).toBe('ja');
  });

  it('judges kana with half-width ｡ and ､ as prose', () => {
    const line = 'きょうはとてもいいてんきでした､そしてあしたもはれるでしょう｡';
    const only = html(
      `<div class="body"><p>${line}</p></div><div class="bio"><p>This site is run by a small team of volunteers, and it is updated every week.</p></div>`,
    );
    expect(ok(extract(only)).text).toBe(line);
    expect(textStats(line).punct).toBe(2);
    expect(textStats('人々が集まった').cjk).toBe(7);
  });
});

describe('a page whose only text is the site chrome', () => {
  const page = html(
    `${nav}<div id="app"></div><footer><p>Example Media publishes news about the city and the region every day, with reporters in five towns and a team of editors.</p><p>Contact us at the newsroom, or write to the editor if you have a story to tell or a correction to make.</p><ul><li><a href="/privacy">Privacy</a></li><li><a href="/terms">Terms</a></li></ul></footer>`,
  );

  it('has no article rather than the footer', () => {
    expect(extract(page)).toMatchObject({ ok: false });
  });

  it('has no article rather than a cookie dialog', () => {
    const dialog = `${nav}<div id="root"></div><div role="dialog" class="consent"><h2>We value your privacy</h2><p>We and our partners store and access information on your device, such as cookies, and process personal data to show you content.</p><p>You can accept or manage your choices at any time, including your right to object where legitimate interest is used.</p></div>`;
    expect(extract(html(dialog))).toMatchObject({ ok: false });
  });

  it('still finds a short article beside a long footer', () => {
    const story = 'The ferry to the island runs again from Monday, after the storm damaged the pier last week.';
    const a = ok(
      extract(
        html(
          `${nav}<div class="story"><p>${story}</p></div><footer><p>Example Media publishes news about the city and the region every day, with reporters in five towns and a team of editors who check every story.</p></footer>`,
        ),
      ),
    );
    expect(a.text).toBe(story);
  });
});

describe('what the page says about itself (JSON-LD articleBody)', () => {
  const paras = Array.from({ length: 6 }, (_, i) => `Paragraph ${i} of the story: the ${words(i, 18)} changed the way people think about the town.`);
  const jsonLd = (body: string) =>
    `<script type="application/ld+json">${JSON.stringify({ '@context': 'https://schema.org', '@type': 'NewsArticle', headline: 'The story', articleBody: body })}</script>`;
  // The body is split: the first paragraphs in one element, the rest in a "more" box that
  // a template word marks; only the JSON-LD says they are one article.
  const dom = `${nav}<div class="story"><div class="story-top"><p>${paras[0]}</p><p>${paras[1]}</p><p>${paras[2]}</p></div></div><div class="more-box"><div class="inner"><p>${paras[3]}</p><p>${paras[4]}</p><p>${paras[5]}</p></div></div><div class="related"><p>${words(3, 30)}.</p></div>`;

  it('prefers the DOM that covers a full articleBody', () => {
    const a = ok(extract(html(dom, jsonLd(paras.join('\n\n')))));
    for (const p of paras) expect(a.text).toContain(p);
  });

  it('leaves out a long list of other stories below a short story the articleBody states', () => {
    const story = [
      'The harbour ferry returns on Monday after the winter repairs to its engine.',
      'Tickets cost the same as last year and go on sale at the pier office on Saturday.',
    ];
    const others = Array.from({ length: 8 }, (_, i) => `<p>Another story, number ${i}: the ${words(i, 20)} made the news this week in the region.</p>`).join(
      '',
    );
    const a = ok(extract(html(`${nav}<div class="story">${story.map((p) => `<p>${p}</p>`).join('')}<h2>Today</h2>${others}</div>`, jsonLd(story.join(' ')))));
    expect(a.paragraphs).toEqual(story);
  });

  it('ignores a truncated teaser articleBody', () => {
    const a = ok(extract(html(`${nav}<article><p>${paras[0]}</p><p>${paras[1]}</p></article>`, jsonLd(`${paras[0].slice(0, 60)}&hellip;`))));
    expect(a.paragraphs).toEqual([paras[0], paras[1]]);
  });

  it('keeps the whole text when a longer articleBody was cut without an ellipsis', () => {
    const cut = paras.join(' ').split(' ').slice(0, 40).join(' ');
    const a = ok(extract(html(`${nav}<article>${paras.map((p) => `<p>${p}</p>`).join('')}</article>`, jsonLd(cut))));
    expect(a.paragraphs).toEqual(paras);
  });

  it('reads the DOM, not the JSON-LD, when the page does not hold the articleBody', () => {
    const a = ok(
      extract(
        html(
          `${nav}<article><p>${paras[0]}</p><p>${paras[1]}</p></article>`,
          jsonLd(
            'An entirely different text, which this page does not show anywhere at all, about the weather in another country and in another season. '.repeat(5),
          ),
        ),
      ),
    );
    expect(a.paragraphs).toEqual([paras[0], paras[1]]);
  });
});
