/**
 * Matching that survives imperfect extraction, on synthetic pages run through extraction:
 * - two different articles of one site are not copies of each other when the original's extracted
 *   text is mostly the site's standing blurb (the blurb is the template's: the other page carries
 *   it as chrome, or both pages are of one site);
 * - one paragraph of a long article pasted as the fifth post of a forum thread is a copy, though
 *   it is a small share of the original;
 * - a forum reply that quotes one sentence of the article is not.
 */
import { describe, expect, it } from 'vitest';
import { extract } from '../../src/extract/index.ts';
import { compare, preparePage, type PreparedPage } from '../../src/match/index.ts';

function prepared(html: string, url: string | null = null): PreparedPage {
  const r = extract(Buffer.from(html), { url });
  if (!r.ok) throw new Error(`no article: ${r.message}`);
  return preparePage(r.article, r.chrome, r.pageText);
}

const BLURB =
  'The Valley Ledger is an independent, reader-funded newsroom covering local government, schools, housing and the environment in the river valley since 1998. We do not run paywalls, because we believe that everyone in the valley deserves accurate and timely reporting about the decisions that shape their lives. If you value this work, please consider becoming a member today: members keep our reporters in council meetings, courtrooms and school board hearings every single week of the year, and they receive our weekly newsletter with the stories behind the stories.';

const NAV = ['Home', 'News', 'Schools', 'Housing', 'Opinion', 'About'];
const EVENTS_NAV = ['Calendar', 'Concerts', 'Markets', 'Theatre', 'Sports', 'Submit an event'];

function sitePage(title: string, paragraphs: string[], options: { blurb: 'article' | 'aside'; nav?: string[] }): string {
  const blurb = `<div class="support-box"><p>${BLURB}</p></div>`;
  const nav = (options.nav ?? NAV).map((n) => `<a href="/${n.toLowerCase()}">${n}</a>`).join(' ');
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title} | The Valley Ledger</title></head><body>
    <div class="site-nav">${nav}</div>
    <div class="masthead-line">The Valley Ledger — independent news for the river valley</div>
    <div class="post-content"><h1>${title}</h1>${paragraphs.map((p) => `<p>${p}</p>`).join('')}${options.blurb === 'article' ? blurb : ''}</div>
    ${options.blurb === 'aside' ? `<aside class="support">${blurb}</aside>` : ''}
    <div class="footer-links"><a href="/privacy">Privacy policy</a> <a href="/terms">Terms of use</a> <a href="/contact">Contact the newsroom</a></div>
    <div class="footer-note">Copyright 2024 The Valley Ledger, a nonprofit newsroom registered in the river valley.</div>
    <div class="footer-address">The Valley Ledger, 14 Mill Street, Riverton, open Monday to Friday from nine to five.</div>
    </body></html>`;
}

// A brief whose extracted text is mostly the site's blurb, and a full story of the same site.
const BRIEF = ['The library on Oak Street will open an hour later on Saturdays from next month, the city said.'];
const STORY = [
  'Riverton will test its drinking water for lead in every school and day-care centre this summer, the city council decided on Tuesday after a heated two-hour debate.',
  'The tests will cost about ninety thousand dollars, which the council will take from a reserve fund that had been set aside for repairs to the old water tower.',
  'Parents packed the meeting room and the hallway outside, and more than forty of them spoke during a public comment period that ran past midnight.',
  'The water department said it would publish the results for each building on its website within a month of the tests, along with the steps it plans to take where lead is found.',
  'Two council members voted against the plan, arguing that the money would be better spent replacing the lead service lines that the department already knows about.',
];

describe('shared template text in pairwise compare', () => {
  it("does not flag an article of the same site when the original's extracted text is mostly the site blurb", () => {
    const brief = prepared(sitePage('Library hours change', BRIEF, { blurb: 'article' }));
    const story = prepared(sitePage('Schools to be tested for lead', STORY, { blurb: 'aside' }));
    expect(brief.article.text).toContain(BLURB.slice(0, 60)); // the extraction kept it
    expect(story.article.text).not.toContain(BLURB.slice(0, 60)); // here it is chrome
    expect(compare(brief, story).verdict).toBe('none');
  });

  it("does not flag it when both extractions kept the blurb and the pages' chrome differs, on one site", () => {
    const brief = prepared(sitePage('Library hours change', BRIEF, { blurb: 'article' }), 'https://www.valleyledger.example/news/library-hours');
    const event = prepared(
      sitePage('Schools to be tested for lead', STORY, { blurb: 'article', nav: EVENTS_NAV }),
      'https://events.valleyledger.example/2024/lead-tests',
    );
    expect(event.article.text).toContain(BLURB.slice(0, 60));
    expect(compare(brief, event).verdict).toBe('none');
  });

  it('still finds a copy of the article on another site', () => {
    const story = prepared(sitePage('Schools to be tested for lead', STORY, { blurb: 'article' }), 'https://www.valleyledger.example/news/lead-tests');
    const copy = prepared(
      `<html><head><title>Local news roundup</title></head><body><div class="menu"><a href="/">Start</a></div>
      <article><h1>Lead tests</h1>${STORY.map((p) => `<p>${p}</p>`).join('')}</article><div class="foot">Roundup blog</div></body></html>`,
      'https://roundup.example/lead',
    );
    expect(compare(story, copy).verdict).not.toBe('none');
  });
});

// A long original: twelve paragraphs of about sixty words.
const LONG = Array.from(
  { length: 12 },
  (_, i) =>
    `In the ${['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth', 'eleventh', 'twelfth'][i]} part of the inquiry, the commission heard from engineers, inspectors and residents about bridge number ${i + 3}, whose cables were found to be corroded in ${1990 + i}. ` +
    `Witness ${i + 1} described how warnings went unanswered for ${i + 2} years, how maintenance budgets were cut by ${10 + i} percent, and how the district office kept ${i + 4} separate reports in a locked cabinet that nobody read until the collapse.`,
);

function forumThread(posts: string[]): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Bridge inquiry thread - Town Forum</title></head><body>
    <div class="navbar"><a href="/">Forum index</a> <a href="/f/local">Local news</a></div><div id="page-body">
    ${posts
      .map(
        (
          text,
          i,
        ) => `<div id="p${i}" class="post ${i % 2 ? 'bg1' : 'bg2'}"><div class="postprofile"><a class="username" href="/u/${i}">member${i}</a> Joined: 2019</div>
      <div class="postbody"><p class="author">by member${i} » <time datetime="2024-01-0${i + 1}T10:00:00Z">Jan ${i + 1}</time></p><div class="content">${text}</div></div></div>`,
      )
      .join('\n')}
    </div><div class="copyright">Powered by forum software</div></body></html>`;
}

const CHAT = [
  'Has anyone been following the bridge inquiry? The hearings have been going on for weeks now and I still cannot tell who is going to be blamed for all of it.',
  'I watched the first two days of the stream. Mostly engineers arguing about cable specifications, to be honest, but a few residents spoke and that was worth hearing.',
  'My uncle worked for the district office in the nineties and he always said the budget cuts would catch up with them one day. Seems he was right about that.',
  'Does anyone have a link to the full transcript? The news sites only ever quote the same two or three lines from each day of testimony.',
  'Here is what the paper wrote about day five, pasted below for those without a subscription.',
];

describe('a copy in one post of a thread', () => {
  const original = preparePage(
    {
      url: 'https://ledger.example/bridge',
      title: 'Bridge inquiry',
      byline: null,
      publishedAt: null,
      credit: null,
      text: LONG.join('\n\n'),
      paragraphs: LONG,
      lang: 'en',
      charset: 'utf-8',
      canonicalUrl: null,
      notices: [],
      links: [],
    },
    [],
  );

  it('finds one paragraph of a long article pasted as the fifth post', () => {
    const suspect = prepared(forumThread([...CHAT.slice(0, 4), LONG[6], CHAT[4]]));
    expect(suspect.article.text).toContain(LONG[6]);
    const c = compare(original, suspect);
    expect(c.containment).toBeLessThan(0.15);
    expect(c.verdict).toBe('partial');
    expect(c.passages[0].suspect.text).toContain('seventh part of the inquiry');
  });

  it('does not flag a reply that quotes one sentence of it', () => {
    const sentence = LONG[6].split('. ')[0];
    const suspect = prepared(forumThread([...CHAT.slice(0, 4), `As the paper put it, "${sentence}." Make of that what you will.`, CHAT[4]]));
    expect(compare(original, suspect).verdict).toBe('none');
  });
});
