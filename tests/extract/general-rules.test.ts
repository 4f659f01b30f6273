/**
 * General rules of extraction, each measured as a gain on whole sources of the corpus (see the
 * README's quality tables): same-page anchors, hidden utility classes, wrapper class words,
 * repeated captions, and lists of sibling <article> elements. All pages here are synthetic.
 */
import { describe, expect, it } from 'vitest';
import { extract } from '../../src/extract/index.ts';

function ok(result: ReturnType<typeof extract>) {
  if (!result.ok) throw new Error(`expected an article, got ${result.reason}: ${result.message}`);
  return result.article;
}
const html = (body: string) => Buffer.from(`<!doctype html><html><head><meta charset="utf-8"><title>Page</title></head><body>${body}</body></html>`);
const nav = `<nav><a href="/">Home</a> <a href="/docs">Docs</a> <a href="/blog">Blog</a> <a href="/about">About us</a></nav>`;
const para = (topic: string, n: number) =>
  `The ${topic} section explains step ${n} of the setup in plain words, with the reasons behind each choice and what to check before going on.`;

describe('links to a place on the same page', () => {
  const sections = ['Installing', 'Configuring', 'Running'];
  const toc = `<ul class="toc">${sections.map((s) => `<li><a href="#${s.toLowerCase()}">${s} the tool</a></li>`).join('')}</ul>`;
  const body = sections
    .map(
      (s, i) =>
        `<h2 id="${s.toLowerCase()}"><a href="#${s.toLowerCase()}">${s} the tool</a></h2><p>${para(s.toLowerCase(), i)}<a href="#note-${i}">[${i + 1}]</a></p><p>${para(s.toLowerCase(), i + 10)}</p>`,
    )
    .join('');
  const page = html(`${nav}<main><h1>Getting started</h1>${toc}<div class="body"><p>${para('opening', 0)}</p>${body}</div></main>`);

  it('keeps headings that link to themselves and paragraphs with footnote references', () => {
    const a = ok(extract(page));
    for (const s of sections) expect(a.paragraphs).toContain(`${s} the tool`);
    expect(a.paragraphs.filter((p) => p.startsWith('The '))).toHaveLength(7);
  });

  it('reads a table of contents of same-page links as navigation', () => {
    const a = ok(extract(page));
    expect(a.paragraphs.filter((p) => p.endsWith('the tool'))).toHaveLength(3);
  });
});

describe('sections that open with a heading linked to itself', () => {
  const intro = [0, 1, 2, 3].map((i) => para('introduction', i));
  const names = ['Making a request', 'Setting the method', 'Reading the response body'];
  const sections = names
    .map((n, i) => `<section class="part"><h2 id="s${i}"><a href="#s${i}">${n}</a></h2><p>${para(n.toLowerCase(), i)}</p></section>`)
    .join('');
  const page = html(
    `${nav}<main><div class="head"><h1>Using the API</h1><section class="intro">${intro.map((p) => `<p>${p}</p>`).join('')}</section></div><div class="body">${sections}</div></main>`,
  );

  it('are the article going on, not a list of other articles', () => {
    const a = ok(extract(page));
    for (const n of names) expect(a.paragraphs).toContain(n);
    expect(a.paragraphs).toHaveLength(intro.length + 2 * names.length);
  });
});

describe('hidden utility classes', () => {
  const story = [0, 1, 2, 3].map((i) => para('story', i));
  const folded = 'The full answer, folded under its question until the reader opens it, is part of the page all the same.';
  const wide = 'A paragraph shown on wide screens only is still part of the article that a reader sees on a desktop.';
  const page = html(
    `${nav}<main><h1>Questions</h1><div class="story"><p>${story[0]}</p>` +
      `<div class="hidden"><p>Thanks for signing up, you will now receive our weekly letter in your inbox every Monday morning.</p></div>` +
      `<p>${story[1]}</p><div class="d-none"><p>This message is shown only when the page failed to load its scripts, please reload it.</p></div>` +
      `<p>${story[2]}</p><div class="accordion"><div class="accordion-item"><p class="is-hidden">${folded}</p></div></div>` +
      `<p class="hidden md:block">${wide}</p><p>${story[3]}</p></div></main>`,
  );

  it('leaves out what the page hides, keeps folded text a reader opens and what shows on some screens', () => {
    const a = ok(extract(page));
    expect(a.paragraphs).toEqual([story[0], story[1], story[2], folded, wide, story[3]]);
  });
});

describe("a photo's caption", () => {
  const caption = 'Volunteers plant young apple trees in the new community orchard beside the river on Saturday morning.';
  const story = [0, 1, 2, 3, 4, 5].map((i) => para('orchard', i));
  const page = html(
    `${nav}<main><h1>Orchard opens</h1><div class="story"><div class="gallery"><figure><img src="a.jpg"><figcaption>${caption}</figcaption></figure></div>` +
      `<p>${story[0]}</p><p>${story[1]}</p><figure><img src="a.jpg"><figcaption>${caption}</figcaption></figure><p>${story[2]}</p><p>${story[3]}</p><p>${story[4]}</p><p>${story[5]}</p>` +
      `<div class="wp-caption"><img src="b.jpg"><p class="wp-caption-text">The orchard's first harvest is expected in three years. Photo: Ann Lee</p></div></div></main>`,
  );

  it("is the photo's, not the story's text: left out of the paragraphs, kept with the image", () => {
    const r = extract(page, { url: 'https://orchard.example/news/opens' });
    const a = ok(r);
    expect(a.paragraphs).toEqual(story);
    expect(r.ok && r.images?.find((i) => i.url.endsWith('/a.jpg'))?.text).toContain(caption);
  });

  it("stays when it is a video's description", () => {
    const described = 'Volunteers explain why the orchard matters to the neighbourhood and what they will plant next.';
    const withVideo = html(
      `${nav}<main><h1>Orchard opens</h1><div class="story"><p>${story[0]}</p><p>${story[1]}</p>` +
        `<figure><img src="v.jpg" class="poster"><video src="v.mp4"></video><figcaption>${described}</figcaption></figure>${story
          .slice(2)
          .map((p) => `<p>${p}</p>`)
          .join('')}</div></main>`,
    );
    expect(ok(extract(withVideo)).paragraphs).toContain(described);
  });

  it("stays when it is a quotation's attribution, or a gallery's caption without its photo in the markup goes", () => {
    const quote =
      '<figure class="testimonial"><blockquote><p>The orchard gave our street a place to meet again.</p></blockquote><figcaption>— Ann Lee, a neighbour</figcaption></figure>';
    const gallery =
      '<ul class="gallery"><li class="gallery-item"><div class="caption">Apple blossom along the river path in the first spring after planting.</div></li></ul>';
    const a = ok(
      extract(html(`${nav}<main><h1>Orchard opens</h1><div class="story">${story.map((p) => `<p>${p}</p>`).join('')}${quote}${gallery}</div></main>`)),
    );
    expect(a.paragraphs).toContain('— Ann Lee, a neighbour');
    expect(a.text).not.toContain('Apple blossom');
  });

  it('stays, once, when captions are much of the text (a photo essay)', () => {
    const captions = [0, 1, 2, 3].map((i) => `${para('harvest', i)}`);
    const essay = html(
      `${nav}<main><h1>A year in the orchard</h1><div class="story"><p>${story[0]}</p>` +
        captions.map((c) => `<figure><img src="p.jpg"><figcaption>${c}</figcaption></figure>`).join('') +
        `<figure><img src="p.jpg"><figcaption>${captions[0]}</figcaption></figure></div></main>`,
    );
    const a = ok(extract(essay));
    for (const c of captions) expect(a.paragraphs.filter((p) => p === c)).toHaveLength(1);
  });
});

describe('prose scattered over a landing page', () => {
  const names = ['Wiring', 'Lighting', 'Panels', 'Generators', 'Inspections'];
  const blurbs = names.map((n, i) => `${n} work is done by licensed staff who explain the job, the price and the time it takes before step ${i} starts.`);
  const links = (n: string) =>
    `<ul class="links">${['Book now', 'See prices', 'Read reviews', 'Call us today', 'Ask a question', 'Find an office']
      .map((l) => `<li><a href="/${n.toLowerCase()}/${l.length}">${l} for ${n.toLowerCase()} work</a></li>`)
      .join('')}</ul>`;
  const sections = names.map((n, i) => `<section class="block"><div class="inner"><h2>${n}</h2><p>${blurbs[i]}</p></div>${links(n)}</section>`).join('');
  const page = html(`${nav}<main><h1>Our services</h1>${sections}</main><footer><p>Call us any day of the week, we answer every call in person.</p></footer>`);

  it('takes the part of the page that holds most of it, not one section', () => {
    const a = ok(extract(page));
    for (const b of blurbs) expect(a.paragraphs).toContain(b);
    expect(a.paragraphs.some((p) => p.startsWith('Book now'))).toBe(false);
  });
});

describe('three or more <article> elements built alike', () => {
  const story = [0, 1, 2].map((i) => para('ferry', i));
  const cards = Array.from(
    { length: 6 },
    (_, i) =>
      `<div class="col"><article class="card"><header><div class="kicker">Around town today with pictures</div><h2 class="headline"><a href="/s/${i}">Other story ${i}</a></h2></header><div class="description"><p>A summary of other story number ${i}, told in two sentences of plain prose. It reads like an article but is not this one.</p></div></article></div>`,
  ).join('');
  const page = html(`${nav}<div class="content"><h1>Ferry returns</h1>${story.map((p) => `<p>${p}</p>`).join('')}</div><div class="grid">${cards}</div>`);

  it('are other stories, not the article', () => {
    const a = ok(extract(page));
    expect(a.paragraphs).toEqual(story);
  });
});

describe('screen-reader-only text', () => {
  const story = [0, 1, 2].map((i) => para('product', i));
  const page = html(
    `${nav}<main><div class="details"><h1>Garden chair</h1><p>${story[0]}</p>` +
      `<div class="gallery-wrap"><p class="sr-only">This is an image gallery with clickable slides. Use the Next and Previous buttons to move between the images.</p><img src="a.jpg"></div>` +
      `<p>${story[1]}</p><h2 class="sr-only">Product details</h2><p>${story[2]}</p></div></main>`,
  );

  it('leaves out a hidden block of instructions, keeps a hidden heading', () => {
    const a = ok(extract(page));
    expect(a.paragraphs).toEqual([story[0], story[1], 'Product details', story[2]]);
  });
});

describe('calls to action at the end of a story', () => {
  const story = [0, 1, 2, 3].map((i) => para('harbour', i));
  const middle = 'Readers who follow us on the harbour blog already know the ferry times changed in spring and again in autumn.';
  const tail = [
    'Have a tip? Our harbour reporter may be reached at harbour@paper.example. Follow her on Twitter @harbournews.',
    'Sign up for our free morning newsletter to get the day’s stories delivered to your inbox.',
    'Note: we are moderating all comments for now; comments that attack other readers will not be approved.',
  ];
  const page = (lines: string[]) => html(`${nav}<main><h1>Harbour reopens</h1><div class="story">${lines.map((l) => `<p>${l}</p>`).join('')}</div></main>`);

  it('are cut from the end of the text, and kept inside it', () => {
    const a = ok(extract(page([story[0], middle, story[1], story[2], story[3], ...tail])));
    expect(a.paragraphs).toEqual([story[0], middle, story[1], story[2], story[3]]);
  });

  it('in Chinese too', () => {
    const zh = [
      '码头今天重新开放，首班渡轮早上七点从东岸出发，船票价格与去年相同，乘客可以在码头窗口购买。',
      '港口管理处表示，新的候船大厅有三百个座位，夏季还将增加夜间航班，方便晚归的乘客回家。',
    ];
    const follow = '欢迎关注我们的微信公众号，获取更多本地新闻。';
    const a = ok(extract(page([...zh, ...zh.map((z) => z.replace('码头', '东岸码头')), follow])));
    expect(a.paragraphs.at(-1)).not.toBe(follow);
    expect(a.paragraphs).toHaveLength(4);
  });

  it('do not take a long last paragraph that mentions subscribing', () => {
    const last = `${para('harbour', 9)} The harbour authority says it will subscribe to the national tide service and publish the times daily, so that the pilots, the ferry crews and the fishing boats all work from the same tables through the winter storms.`;
    expect(ok(extract(page([...story, last]))).paragraphs.at(-1)).toBe(last);
  });
});

describe("a player's and a photo's labels inside the story", () => {
  const story = [0, 1, 2, 3].map((i) => para('ferry', i));
  const labels = ['Media playback is unsupported on your device', 'Image copyright Getty Images', 'Advert', 'Caption', 'Close', 'Expand'];

  it('are not its text', () => {
    const body = story.map((p, i) => `<p>${p}</p><div class="media"><span>${labels[i]}</span></div>`).join('') + `<p>${labels[4]}</p><p>${labels[5]}</p>`;
    const a = ok(extract(html(`${nav}<main><h1>Ferry</h1><div class="story">${body}</div></main>`)));
    expect(a.paragraphs).toEqual(story);
  });
});
