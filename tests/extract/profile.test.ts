/** The site template learned from its own pages (extract/profile.ts), on synthetic pages of one site. */
import { describe, expect, it } from 'vitest';
import { extract, learnPage } from '../../src/extract/index.ts';
import { MAX_BLOCKS, RELEARN_AFTER, WINDOW, coverage, emptyProfile } from '../../src/extract/profile.ts';
import type { TemplateProfile } from '../../src/domain/index.ts';

const enc = (html: string) => new TextEncoder().encode(html);

// A site whose class names say nothing, with a long "about us" column of prose on every page: on
// a page with a short article, the automatic choice takes that column for the article.
const ABOUT = Array.from(
  { length: 6 },
  (_, i) =>
    `<p>The Valley Courier has served the valley since 1921, reporting on its towns, farms and rivers, and it remains owned by the families who founded it, part ${i + 1}.</p>`,
).join('');

// Digits fold to 0 in block keys: stories differ by words.
const WORDS = [
  'bridge',
  'school',
  'harvest',
  'library',
  'ferry',
  'orchard',
  'clinic',
  'market',
  'stadium',
  'quarry',
  'museum',
  'railway',
  'canal',
  'theatre',
  'airfield',
  'dairy',
];
const word = (n: number) => `${WORDS[n % WORDS.length]}${'s'.repeat(Math.floor(n / WORDS.length))}`;

function sentence(n: number, i: number): string {
  return `Story ${n} paragraph ${i + 1}: the council met about the ${word(n)} and the ${word(n + i + 3)}, and voted, after a long debate, on item ${n}-${i} of the agenda.`;
}

function page(n: number, paragraphs: number, layout: 'a' | 'b' = 'a'): string {
  const body = Array.from({ length: paragraphs }, (_, i) => `<p>${sentence(n, i)}</p>`).join('');
  if (layout === 'b') {
    return `<html><body><div class="top"><a href="/">Front</a> <a href="/x">Section</a></div><div class="wrap"><h1>Story ${n}</h1>${body}</div>
      <div class="end">Printed by the Courier press, every weekday morning, since the first edition.</div></body></html>`;
  }
  return `<html><head><title>Story ${n} - Valley Courier</title></head><body>
    <div class="qa"><a href="/">Home</a> <a href="/local">Local</a> <a href="/farm">Farm</a></div>
    <div class="qb"><h1>Story ${n}</h1><div class="qc">${body}</div></div>
    <div class="qd"><h3>About the Courier</h3>${ABOUT}</div>
    <div class="qe">Copyright Valley Courier. Page ${n}.</div></body></html>`;
}

function learned(pages: string[], start: TemplateProfile | null = null): TemplateProfile | null {
  let profile = start;
  for (const html of pages) {
    const r = extract(enc(html), { learn: true });
    if (!r.ok || !r.pageKeys) throw new Error('expected an article');
    profile = learnPage(profile, r.pageKeys).profile;
  }
  return profile;
}

const site = Array.from({ length: 10 }, (_, i) => page(i + 1, 8));

describe('template profile', () => {
  const profile = learned(site);

  it('the short article alone is taken when the profile marks the site column as template', () => {
    const short = page(11, 2);
    const without = extract(enc(short));
    const withProfile = extract(enc(short), { profile });
    if (!without.ok || !withProfile.ok) throw new Error('expected articles');
    expect(without.article.text).toContain('Valley Courier has served the valley'); // the failure the profile is for
    expect(withProfile.article.paragraphs).toEqual([sentence(11, 0), sentence(11, 1)]);
    expect(withProfile.article.title).toBe('Story 11');
  });

  it('stands alone without a profile, and a profile of fewer than 3 pages marks nothing', () => {
    const short = page(11, 2);
    const alone = extract(enc(short));
    const young = extract(enc(short), { profile: learned(site.slice(0, 2)) });
    expect(young.ok && alone.ok && young.article.text === alone.article.text).toBe(true);
  });

  it('does not learn an article twice when the site serves it under several URLs (its paragraphs would look like template)', () => {
    const same = page(5, 8);
    const dup = learned([same, same, same, same, ...site.slice(0, 3)]);
    expect(dup!.pages).toBe(4);
    const r = extract(enc(same), { profile: dup });
    expect(r.ok && r.article.paragraphs.length).toBe(8);
  });

  it('counts the coverage of a page of the site, and starts anew after a few pages of a new layout', () => {
    const keys = (html: string) => {
      const r = extract(enc(html), { learn: true });
      if (!r.ok) throw new Error('expected an article');
      return r.pageKeys!;
    };
    expect(coverage(profile!, keys(page(12, 8)).blocks)).toBeGreaterThan(0.2);
    let p = profile;
    const results = [];
    for (let n = 0; n < RELEARN_AFTER; n++) {
      const step = learnPage(p, keys(page(20 + n, 8, 'b')));
      results.push(step);
      p = step.profile;
    }
    expect(results.map((r) => r.relearned)).toEqual([...Array(RELEARN_AFTER - 1).fill(false), true]);
    expect(p!.relearned).toBe(1);
    expect(p!.pages).toBe(1);
    // The new layout is learned from its own pages from then on.
    const later = learned([page(30, 8, 'b'), page(31, 8, 'b')], p);
    expect(coverage(later!, keys(page(32, 8, 'b')).blocks)).toBeGreaterThan(0.2);
  });

  it('marks a column the site repeats at another place on every page, by its text alone', () => {
    // The same "about" column, nested differently on each page (a layout that moves it), so no
    // block of it keeps its path from page to page.
    const moved = (n: number, paragraphs: number) =>
      page(n, paragraphs).replace(
        `<div class="qd"><h3>About the Courier</h3>${ABOUT}</div>`,
        `${'<div>'.repeat(1 + (n % 4))}<h3>About the Courier</h3>${ABOUT}${'</div>'.repeat(1 + (n % 4))}`,
      );
    const profile = learned(Array.from({ length: 10 }, (_, i) => moved(i + 1, 8)));
    const short = moved(11, 2);
    const without = extract(enc(short));
    const withProfile = extract(enc(short), { profile });
    if (!without.ok || !withProfile.ok) throw new Error('expected articles');
    expect(without.article.text).toContain('Valley Courier has served the valley');
    expect(withProfile.article.paragraphs).toEqual([sentence(11, 0), sentence(11, 1)]);
  });

  it('stays bounded: at most MAX_BLOCKS keys, counts halved past the window', () => {
    let p: TemplateProfile = emptyProfile();
    for (let n = 0; n < WINDOW + 5; n++) {
      const blocks = Array.from({ length: 40 }, (_, i) => (n * 40 + i) >>> 0).concat([7, 8, 9]);
      p = learnPage(p, { blocks, texts: blocks.map((k) => k + 1), prose: n }).profile;
    }
    expect(p.blocks.length).toBeLessThanOrEqual(MAX_BLOCKS);
    expect(p.texts!.length).toBeLessThanOrEqual(MAX_BLOCKS);
    expect(p.texts!.find(([k]) => k === 8)![1]).toBeCloseTo(p.pages, 5);
    expect(p.pages).toBeLessThanOrEqual(WINDOW);
    const seven = p.blocks.find(([k]) => k === 7)!;
    expect(seven[1]).toBeCloseTo(p.pages, 5); // seen on every page: kept, halved alike
  });

  it('keeps class words with digits out of the path (they change from page to page)', () => {
    const a = extract(enc(page(1, 8).replace('<body>', '<body class="postid-101 single">')), { learn: true });
    const b = extract(enc(page(2, 8).replace('<body>', '<body class="postid-202 single">')), { learn: true });
    if (!a.ok || !b.ok) throw new Error('expected articles');
    const shared = a.pageKeys!.blocks.filter((k) => b.pageKeys!.blocks.includes(k));
    expect(shared.length).toBeGreaterThanOrEqual(8); // nav, column heading, the six about paragraphs
  });
});

// A second site, whose template is the same on every page but whose related-stories list below
// the body (in the body's own column, no class word or heading giving it away) holds different
// stories on every page: no block of it repeats on enough pages to be template as it is.
function related(k: number): string {
  return `<div class="rb"><p><a href="/r/${k}.html">Related ${word(k)} report ${word(k + 5)}</a></p><p>Residents of the ${word(k)} district said on Tuesday that the ${word(k + 7)} would reopen after repairs, officials confirmed, number ${k}.</p></div>`;
}

/** Page n: a story of `paragraphs` paragraphs (plus `tail` stock lines at the end of its body), a related list, a site column. */
function listPage(n: number, paragraphs: number, opts: { items?: number[]; tail?: string[]; teasers?: string } = {}): string {
  const items = opts.items ?? [2 * n, 2 * n + 1, 2 * n + 2, 2 * n + 3];
  const body = Array.from({ length: paragraphs }, (_, i) => `<p>${sentence(n, i)}</p>`).join('') + (opts.tail ?? []).map((t) => `<p>${t}</p>`).join('');
  return `<html><head><title>Story ${n} of the valley council</title></head><body>
    <div class="qa"><a href="/">Home</a> <a href="/local">Local</a></div>
    <div class="qb"><h1>Story ${n} of the valley council</h1><div class="qc">${body}<div class="ra">${opts.teasers ?? items.map(related).join('')}</div></div></div>
    <div class="qe">Copyright Valley Courier.</div></body></html>`;
}

describe('template profile: lists whose lines recur, teasers of the site, the body path', () => {
  it('marks a related list whose lines recur at its path, though its text differs on every page', () => {
    // Page n lists related stories 2n..2n+3: each story is on two pages, half of each list was on the page before.
    const profile = learned(Array.from({ length: 10 }, (_, i) => listPage(i + 1, 8)));
    const short = listPage(11, 2);
    const without = extract(enc(short));
    const withProfile = extract(enc(short), { profile });
    const blocksOnly = extract(enc(short), { profile: { ...profile!, paths: undefined, titles: undefined } });
    if (!without.ok || !withProfile.ok || !blocksOnly.ok) throw new Error('expected articles');
    expect(without.article.text).toContain('Residents of the'); // the failure: the story swamped by its related list
    expect(blocksOnly.article.text).toContain('Residents of the'); // no block of the list repeats enough to be template
    expect(withProfile.article.paragraphs).toEqual([sentence(11, 0), sentence(11, 1)]);
  });

  it("never marks the site's body path, though the same closing lines end every article", () => {
    // Two of every body's eight paragraphs recur on every page (a quarter of the body path's lines).
    const tail = [
      'Reporting by the valley desk of the Courier, with additional reporting by the farm desk.',
      'Follow the Courier for more news from the towns, farms and rivers of the valley.',
    ];
    const pages = Array.from({ length: 10 }, (_, i) => listPage(i + 1, 6, { tail }));
    const profile = learned(pages);
    const long = extract(enc(listPage(11, 9, { tail })), { profile });
    if (!long.ok) throw new Error('expected an article');
    expect(long.article.paragraphs.slice(0, 9)).toEqual(Array.from({ length: 9 }, (_, i) => sentence(11, i)));
    // Without the guard, the body path (a quarter of its lines recurring) would be a recurring list.
    const unguarded = {
      ...profile!,
      paths: profile!.paths!.map(([p, pages, items, repeated]): [number, number, number, number, number] => [p, pages, items, repeated, 0]),
    };
    const cut = extract(enc(listPage(11, 9, { tail })), { profile: unguarded });
    expect(cut.ok && cut.article.paragraphs.length).not.toBe(long.article.paragraphs.length);
  });

  it("takes the rest of a long article from the site's body path when a link list between its parts cut it", () => {
    const links = Array.from({ length: 14 }, (_, k) => `<li><a href="/m/${k}.html">More from the ${word(k)} desk of the valley, part ${k}</a></li>`).join('');
    // Page n: its body in two parts at the site's body path, the second after a long list of links.
    const splitPage = (n: number, paragraphs: number) => {
      const half = Math.ceil(paragraphs / 2);
      const part = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `<p>${sentence(n, from + i)}</p>`).join('');
      return `<html><head><title>Story ${n} of the valley council</title></head><body>
        <div class="qa"><a href="/">Home</a> <a href="/local">Local</a></div>
        <div class="qb"><h1>Story ${n} of the valley council</h1><div class="qc">${part(0, half)}</div><div class="qm"><ul>${links}</ul></div><div class="qc">${part(half, paragraphs)}</div></div>
        <div class="qe">Copyright Valley Courier.</div></body></html>`;
    };
    const profile = learned(Array.from({ length: 10 }, (_, i) => listPage(i + 1, 8)));
    const page = splitPage(11, 4);
    const without = extract(enc(page));
    const withProfile = extract(enc(page), { profile });
    if (!without.ok || !withProfile.ok) throw new Error('expected articles');
    expect(without.article.paragraphs).toEqual([sentence(11, 0), sentence(11, 1)]); // the failure: cut after the first part
    expect(withProfile.article.paragraphs).toEqual(Array.from({ length: 4 }, (_, i) => sentence(11, i)));
  });

  it("marks teasers whose titles are the site's other pages' titles, and the summaries beside them", () => {
    // On the learned pages every related story is new (no line recurs); on page 11, the list teases pages 3, 4 and 5.
    const profile = learned(Array.from({ length: 10 }, (_, i) => listPage(i + 1, 8, { items: [100 + 4 * i, 101 + 4 * i, 102 + 4 * i, 103 + 4 * i] })));
    const teasers = [3, 4, 5]
      .map(
        (k) =>
          `<div class="rb"><p><a href="/s/${k}.html">Story ${k} of the valley council</a></p><p>The council of the valley met again about the ${word(k)} on Monday and heard from ${word(k + 2)} residents, number ${k}.</p></div>`,
      )
      .join('');
    const short = listPage(11, 2, { teasers });
    const withProfile = extract(enc(short), { profile });
    const noTitles = extract(enc(short), { profile: { ...profile!, titles: undefined } });
    if (!withProfile.ok || !noTitles.ok) throw new Error('expected articles');
    expect(noTitles.article.text).toContain('The council of the valley met again');
    expect(withProfile.article.paragraphs).toEqual([sentence(11, 0), sentence(11, 1)]);
    expect(withProfile.article.title).toBe('Story 11 of the valley council');
  });
});
