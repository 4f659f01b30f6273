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

describe('an article cut into sibling sections that open with headings', () => {
  const intro = [0, 1, 2].map((i) => sentence('intro', i));
  const products = ['Trail shoes', 'Water bottle', 'Day pack', 'Rain jacket'];
  const verdict = (name: string) => `We took the ${name.toLowerCase()} on two long walks, and it did what it should.`;
  const features = (name: string) => [`${name} weighs little`, `${name} comes in three sizes`, `${name} is sold with a two year warranty`];
  const sections = products
    .map(
      (name) =>
        `<div><h2>${name}</h2><ul class="a-unordered-list">${features(name)
          .map((f) => `<li>${f}</li>`)
          .join('')}</ul><p>${verdict(name)}</p></div>`,
    )
    .join('');
  const page = html(
    `<main><h1>Ten deals</h1><div class="entry-content"><div><h2>Deals of the day</h2>${intro.map((p) => `<p>${p}</p>`).join('')}</div>${sections}</div></main><aside><a href="/a">Other deals this week</a></aside>`,
  );

  it('is read whole, not cut after the section with the most prose', () => {
    const a = ok(extract(page));
    for (const p of intro) expect(a.paragraphs).toContain(p);
    for (const name of products) {
      expect(a.paragraphs).toContain(name);
      for (const f of features(name)) expect(a.paragraphs).toContain(f);
      expect(a.paragraphs).toContain(verdict(name));
    }
  });

  it('does not take in sibling sections of linked headlines (other stories)', () => {
    const teasers = products.map((name) => `<div><h2><a href="/story/${name.length}">${name} on sale at half price this week</a></h2></div>`).join('');
    const a = ok(
      extract(
        html(`<main><h1>Ten deals</h1><div class="x"><div><h2>Deals of the day</h2>${intro.map((p) => `<p>${p}</p>`).join('')}</div>${teasers}</div></main>`),
      ),
    );
    expect(a.paragraphs).toEqual(intro);
  });
});

describe('teaser cards appended inside the last part of a body split in two', () => {
  const first = [0, 1, 2].map((i) => sentence('first', i));
  const second = [3, 4].map((i) => sentence('second', i));
  const cards = [0, 1, 2, 3, 4, 5]
    .map(
      (i) =>
        `<div class="unit"><h3><a href="/story/${i}">Another story number ${i} about something else entirely</a></h3><p>A summary sentence of that other story, number ${i}, told in a few words.</p></div>`,
    )
    .join('');
  const part = (ps: string[], extra = '') => `<section class="body-part"><div class="inner">${ps.map((p) => `<p>${p}</p>`).join('')}${extra}</div></section>`;
  const page = html(
    `<main><h1>A hike</h1><article>${part(first)}<div class="embed"><iframe src="/player"></iframe></div>${part(second, `<div class="grid">${cards}</div>`)}</article></main>`,
  );

  it('keep the body going into that part, and are left out', () => {
    const a = ok(extract(page));
    expect(a.paragraphs).toEqual([...first, ...second]);
  });
});

describe('teaser cards with Chinese summaries inside the body', () => {
  const story = [0, 1, 2, 3].map((i) => `第${i + 1}段：记者今天在现场看到，工人们正在加紧施工，预计这座大桥将在明年春天通车，届时两岸居民往来将更加方便。`);
  const summary = (i: number) =>
    `这是另一篇新闻的摘要，第${i + 1}条，讲的是另外一座城市今年的经济发展情况，以及当地政府为改善民生采取的一系列新措施和新办法，效果如何还有待观察，专家认为这些措施需要时间才能见效，市民们则希望尽快看到实实在在的变化，不要只停留在纸面上。`;
  const cards = [0, 1, 2, 3, 4, 5]
    .map((i) => `<div class="item"><h3><a href="/news/${i}">另一座城市的第${i + 1}条新闻标题在这里</a></h3><p>${summary(i)}</p></div>`)
    .join('');
  const page = html(`<div class="content"><h1>大桥明年通车</h1>${story.map((p) => `<p>${p}</p>`).join('')}<div class="grid">${cards}</div></div>`);

  it('are other stories: a CJK character counts as half a word in a card', () => {
    const a = ok(extract(page));
    expect(a.paragraphs).toEqual(story);
  });
});

describe('a short article beside boxes of other stories in one row', () => {
  // The article's column opens with a link, as results pages do; three boxes of other stories
  // sit beside it in the same row, and their summaries hold more prose than the article.
  const story = [0, 1, 2].map((i) => sentence('lake', i));
  const headline = (n: number) => `Council votes on the new ${['bridge', 'library', 'school', 'harbour', 'stadium', 'market'][n]} plan after a long debate`;
  const summary = (n: number) =>
    `The council met on Tuesday evening and argued for three hours about plan number ${n}, which the mayor said would change the town for a generation, before a narrow vote.`;
  const links = `<div class="box"><h3>Recommended</h3><ul>${[0, 1, 2, 3, 4, 5].map((n) => `<li><a href="/r/${n}">${headline(n)}</a></li>`).join('')}</ul></div>`;
  const grid = `<div class="grid">${[0, 1, 2, 3, 4, 5]
    .map((n) => `<div class="entry"><h3><a href="/g/${n}">${headline(n)}</a></h3><p>${summary(n)}</p></div>`)
    .join('')}</div>`;
  const more = `<section class="block"><h2>More from the town paper today</h2>${[0, 1, 2, 3, 4, 5]
    .map((n) => `<div class="entry"><a href="/m/${n}"><h4>${headline(n)}</h4></a><p>${summary(n + 10)}</p><div>Jan 9, 2023</div></div>`)
    .join('')}</section>`;
  const column = `<div class="col"><div class="body"><p><a href="/results.pdf">Click for the full race results</a></p>${story.map((p) => `<p>${p}</p>`).join('')}</div></div>`;
  const page = html(`<article><h1>Race results</h1><div class="row">${column}${links}${grid}${more}</div></article>`);

  it('is the article: the row is not a list of teasers because its column opens with a link', () => {
    const a = ok(extract(page));
    for (const p of story) expect(a.paragraphs).toContain(p);
    expect(a.text).not.toContain('council');
    expect(a.text).not.toContain('Council');
  });

  it('still reads a box of other stories alone as a list, not an article', () => {
    const result = extract(html(`<div class="row">${grid}</div>`));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toBe('link-list');
  });
});

describe('a body cut into parts built alike, with boxes between them', () => {
  // The parts' parent also holds a list of the most read stories, which outweighs the short
  // parts: the core is the long part, and the others are reached as its siblings.
  const long = [0, 1, 2, 3].map((i) => `${sentence('ridge', i)} ${sentence('ridge', i + 10)}`);
  const first = 'SANTA FE (AP) — A cat who had been missing for five years in Portland, Oregon, has been found in Santa Fe, New Mexico, the shelter said.';
  const last = 'The family says they never thought they would see the cat again, a shelter worker said on Friday.';
  const signup = '<div class="signup"><h3>Get our morning newsletter</h3><form><input type="email"><button>Sign up</button></form></div>';
  const popular = `<div class="most-popular"><h2>Most popular</h2><ol>${Array.from({ length: 15 }, (_, i) => `<li><a href="/p/${i}">Story number ${i} that many people read today in town</a></li>`).join('')}</ol></div>`;
  const part = (paras: string[]) => `<div class="article-body">${paras.map((p) => `<p>${p}</p>`).join('')}</div>`;
  const page = html(`<div class="content"><h1>Cat found</h1>${part([first])}${signup}${part(long)}${signup}${part([last])}${popular}</div>`);

  it('reads every part, a short first and last part too', () => {
    const a = ok(extract(page));
    expect(a.paragraphs).toEqual([first, ...long, last]);
  });

  it('reads a part beyond an inline box of related stories', () => {
    const related =
      '<div class="inline-related"><h4>Related</h4><ul><li><a href="/a">Dog found after a year on a farm near the river</a></li><li><a href="/b">Parrot flies home</a></li></ul></div>';
    const a = ok(extract(html(`<div class="content"><h1>Cat found</h1>${part([first])}${related}${part(long)}${popular}</div>`)));
    expect(a.paragraphs).toEqual([first, ...long]);
  });

  it('does not reach a part that holds no prose of its own', () => {
    const figure =
      '<figure class="wide"><img src="/x.jpg"><figcaption>The shelter in Santa Fe, where the cat was found after five years away from home, as it looked in May.</figcaption></figure>';
    const credit = '<div class="article-body"><span>Getty Images</span></div>';
    const a = ok(extract(html(`<div class="content"><h1>Cat found</h1>${credit}${signup}${figure}${part(long)}${popular}</div>`)));
    expect(a.paragraphs).toEqual(long);
  });
});

describe('a body cut into three or more <article> parts of one class', () => {
  // Three or more <article>s of one class are a list of stories, unless together they hold most
  // of the page's prose: then they are the parts of one body (figures between them).
  const tips = [0, 1, 2, 3, 4, 5].map((i) => `${sentence('coast', i)} ${sentence('coast', i + 10)}`);
  const figure = (n: number) =>
    `<figure><img src="/f${n}.jpg"><figcaption>Police arrested six people on Monday during an investigation at a home in the town.</figcaption></figure>`;
  const parts = [0, 2, 4].map((i, n) => `<article class="article-body"><p>${tips[i]}</p><p>${tips[i + 1]}</p></article>${n < 2 ? figure(n) : ''}`).join('');
  const page = html(`<div id="next"><h1>Six tips</h1><div><div>${parts}</div></div><aside><a href="/a">About us</a> <a href="/b">Contact</a></aside></div>`);

  it('reads the parts as the article, not the caption between them', () => {
    const a = ok(extract(page));
    for (const t of tips) expect(a.paragraphs).toContain(t);
  });

  it('still leaves out a list of three or more alike <article>s beside the body', () => {
    const cards = [0, 1, 2].map((n) => `<article class="card"><p>${sentence('harbour', n)}</p></article>`).join('');
    const a = ok(extract(html(`<main><h1>Six tips</h1><div class="body">${tips.map((t) => `<p>${t}</p>`).join('')}</div><div>${cards}</div></main>`)));
    expect(a.paragraphs).toEqual(tips);
  });
});

describe('a newsletter sign-up box inside the article', () => {
  const story = [0, 1].map((i) => sentence('canal', i));
  const promise = "Sign up to receive the day's top stories and exclusive analysis from our reporters in your inbox every morning, free of charge.";
  const box = (field: string) => `<div class="box-3"><h3>Get our morning newsletter</h3><p>${promise}</p><form>${field}<button>Sign up</button></form></div>`;

  it('is left out: its promise reads like prose but is the site’s, on every page', () => {
    const a = ok(extract(html(`<main><h1>Canal walk</h1><div class="body"><p>${story[0]}</p>${box('<input type="email">')}<p>${story[1]}</p></div></main>`)));
    expect(a.paragraphs).toEqual(story);
  });

  it('is found by its e-mail field in Chinese too', () => {
    const zh = [
      '记者从上海昆剧团获悉，这位国家一级导演今年春天将带着新排的剧目到北京和广州演出，票已经开始预售。',
      '剧团说，这次巡演的十二场演出都会在周末举行，每场结束后导演会和观众见面，谈谈排练的经过。',
    ];
    const zhBox =
      '<div><h3>订阅我们的新闻简报</h3><p>每天早上，我们会把当天最重要的新闻和记者的独家分析发送到您的邮箱，不错过任何精彩内容。</p><form><input name="email" placeholder="电子邮箱"><button>订阅</button></form></div>';
    const a = ok(extract(html(`<main><h1>巡演</h1><div class="body"><p>${zh[0]}</p>${zhBox}<p>${zh[1]}</p></div></main>`)));
    expect(a.paragraphs).toEqual(zh);
  });

  it('does not take in a paragraph of the article that shares its wrapper', () => {
    const a = ok(
      extract(
        html(
          `<main><h1>Canal walk</h1><div class="body"><p>${story[0]}</p><div class="card"><p>${story[1]}</p>${box('<input type="email">')}</div></div></main>`,
        ),
      ),
    );
    expect(a.paragraphs).toEqual(story);
  });

  it('is not a comment form: a form with a text area is no sign-up box', () => {
    const reply = `<div><p>${story[1]}</p><form><input type="email"><textarea></textarea><button>Post</button></form></div>`;
    const a = ok(extract(html(`<main><h1>Canal walk</h1><div class="body"><p>${story[0]}</p>${reply}</div></main>`)));
    expect(a.paragraphs).toEqual(story);
  });
});

describe('teaser cards inside the parts of a page read as posts', () => {
  // A magazine's sections named `post__content` are read as posts; a grid of cards inside one of
  // them (linked headlines over one-sentence summaries) is other stories, not the post's text.
  const parts = [0, 1, 2].map((k) => [0, 1].map((i) => `${sentence(`lung ${k}`, i)} ${sentence(`lung ${k}`, i + 10)}`));
  const summary = (n: number) => `The city council met again on Tuesday to argue about plan ${n}, which the mayor says will change the town for good.`;
  const cards = `<div class="grid">${[0, 1, 2, 3, 4]
    .map((n) => `<div class="unit"><h3><a href="/story/${n}">Council votes on the new harbour plan, part ${n}</a></h3><p>${summary(n)}</p></div>`)
    .join('')}</div>`;
  const figure = '<figure><img src="/m.jpg"><figcaption>A micrograph of lung tissue.</figcaption></figure>';
  const section = (paras: string[], extra = '') => `<div class="post__content wysiwyg">${paras.map((p) => `<p>${p}</p>`).join('')}${extra}</div>`;
  const page = html(`<main><h1>Tuft cells</h1>${section(parts[0])}${figure}${section(parts[1], cards)}${figure}${section(parts[2])}</main>`);

  it('keeps every part and leaves the cards out', () => {
    const a = ok(extract(page));
    for (const p of parts.flat()) expect(a.text).toContain(p);
    expect(a.text).not.toContain('city council');
  });
});

describe('a section that opens with the heading of a list of other stories', () => {
  const story = [0, 1, 2].map((i) => `${sentence('forest', i)} ${sentence('forest', i + 10)}`);
  const blurb = (n: number) =>
    `<div class="b"><h4>${n % 2 ? `<a href="/t/${n}">Storm closes the coast road for a day, number ${n}</a>` : `Storm closes the coast road for a day, number ${n}`}</h4><p>The road along the coast was closed for a day after the storm, and crews cleared the fallen trees by the evening, number ${n}.</p></div>`;
  const trending = `<div class="col-side"><h3>Trending</h3>${[0, 1, 2, 3, 4].map(blurb).join('')}</div>`;

  it('is left out though it sits inside the article’s column and its blurbs read as prose', () => {
    const a = ok(
      extract(
        html(
          `<div class="col"><article><h1>Forest walk</h1>${story.map((p) => `<p>${p}</p>`).join('')}</article>${trending}</div><footer><a href="/x">About</a></footer>`,
        ),
      ),
    );
    expect(a.paragraphs).toEqual(story);
  });

  it('is left out in Russian, Portuguese, Spanish, German and French too', () => {
    for (const heading of ['Читайте также', 'Leia também', 'Noticias relacionadas', 'Mehr zum Thema', 'À lire aussi']) {
      const list = `<div class="col-side"><h3>${heading}</h3>${[0, 1, 2, 3, 4].map(blurb).join('')}</div>`;
      const a = ok(extract(html(`<div class="col"><article><h1>Forest walk</h1>${story.map((p) => `<p>${p}</p>`).join('')}</article>${list}</div>`)));
      expect(a.paragraphs, heading).toEqual(story);
    }
  });

  it('does not drop a part of the body that opens with an inline "Related" box', () => {
    const related = '<div class="pull"><h4>Related</h4><a href="/r1"><h5>An older walk in the same forest</h5></a></div>';
    const rest = [3, 4].map((i) => sentence('forest', i));
    const page = html(
      `<main><h1>Forest walk</h1><div class="c-content">${story.map((p) => `<p>${p}</p>`).join('')}</div><div class="c-content">${related}${rest.map((p) => `<p>${p}</p>`).join('')}</div></main>`,
    );
    const a = ok(extract(page));
    for (const p of [...story, ...rest]) expect(a.paragraphs).toContain(p);
  });
});
