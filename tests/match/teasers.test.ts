/**
 * Teasers: a headline and the first sentences of an article in another site's list of stories
 * ("Related", "More from", a homepage's cards) are found, told apart from copies, and broken by
 * no rule of the bundled sets.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extract } from '../../src/extract/index.ts';
import { compare, preparePage, type PreparedPage } from '../../src/match/index.ts';
import { buildFacts, commercialSignals, evaluateRules, parseRuleSet } from '../../src/rules/index.ts';

const ORIGINAL = [
  'The harbour authority closed the old ferry pier on Monday after divers found cracks in three of its concrete piles during a routine inspection.',
  'Ferries to the islands will leave from the cargo quay until the repairs are done, which engineers expect to take about six weeks.',
  'Passengers should allow twenty extra minutes, because the cargo quay lies at the far end of the harbour road and parking there is scarce.',
  'The authority said the pier had carried more than two million passengers a year since it was rebuilt in 1998.',
  'Its director told reporters that the piles would be wrapped in steel jackets rather than replaced, which keeps the cost under a million.',
  'Fishing boats that moor beside the pier may stay, but their crews must not walk on the closed deck while the divers are at work.',
  'A public meeting about the repairs will be held in the harbour office on Thursday evening, and the plans can be seen there beforehand.',
];
const LEDE = `${ORIGINAL[0]} ${ORIGINAL[1]}`;

const OWN = [
  'The city council voted on Tuesday to extend the opening hours of its public libraries into the evening on four days a week.',
  'Readers had asked for longer hours for years, the council said, and a survey last spring found that most of them work until six.',
  'The change will cost about four hundred thousand a year, paid from the culture budget, and starts in the first week of next month.',
  'Two branches will also open on Sunday afternoons for a trial of six months, after which the council will decide whether to keep it.',
  'Staff unions welcomed the plan but asked for the evening shifts to be shared fairly among the librarians of every branch.',
];
const OTHER_LEDES = [
  'A new bakery on the market square sold out of bread by nine on its first morning, its owners said, and will open an hour earlier from now on.',
  'The regional orchestra named a conductor from Lisbon as its new music director, the first woman to hold the post in its eighty years.',
  'Cyclists will get a protected lane along the river embankment next year after the transport committee approved the plan without a vote against.',
];

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const cards = (summaries: string[]) =>
  `<section class="related"><h2>More stories</h2>${summaries
    .map((s, i) => `<div class="card"><h3><a href="/story/${i + 1}">Story number ${i + 1} of the week</a></h3><p>${esc(s)}</p></div>`)
    .join('')}</section>`;
const page = (body: string[], after = '') =>
  `<!doctype html><html><head><title>Libraries open late</title></head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>` +
  `<main><article><h1>Libraries open late</h1>${body.map((p) => `<p>${esc(p)}</p>`).join('')}</article>${after}</main>` +
  `<footer>© The Evening Courier</footer></body></html>`;

function prepared(html: string, url = 'https://courier.example/news/libraries'): PreparedPage {
  const r = extract(Buffer.from(html), { url });
  if (!r.ok) throw new Error(r.message);
  return preparePage(r.article, r.chrome, r.pageText, r.teaserSpans);
}

const original = prepared(
  `<!doctype html><html><head><title>Old ferry pier closed</title></head><body><article><h1>Old ferry pier closed</h1>${ORIGINAL.map((p) => `<p>${p}</p>`).join('')}</article></body></html>`,
  'https://harbour-news.example/2026/12/pier',
);
const rules = ['rules/generic.json', 'rules/shihua-chenbao.json'].map((f) => parseRuleSet(readFileSync(f, 'utf8'), f));
const violations = (suspect: PreparedPage) => {
  const c = compare(original, suspect);
  const facts = buildFacts(c, { host: 'courier.example', ownedDomains: [], licensees: [], today: '2026-12-08', commercial: commercialSignals([], []) });
  return { c, broken: evaluateRules(rules, facts).map((v) => v.ruleId) };
};

describe('teasers', () => {
  it("a headline and the opening sentences in another site's list of stories: found, a teaser, and no rule broken", () => {
    const suspect = prepared(page(OWN, cards([OTHER_LEDES[0], LEDE, OTHER_LEDES[1], OTHER_LEDES[2]])));
    const { c, broken } = violations(suspect);
    expect(c).toMatchObject({ verdict: 'partial', scope: 'page', teaser: true });
    expect(c.passages.map((p) => p.suspect.text).join(' ')).toContain('divers found cracks');
    expect(broken).toEqual([]);
  });

  it("the same sentences in the page's own article are an excerpt, not a teaser", () => {
    const { c, broken } = violations(prepared(page([...OWN, LEDE])));
    expect(c).toMatchObject({ verdict: 'partial', scope: 'article', teaser: false });
    expect(broken).toEqual(expect.arrayContaining(['generic.uncredited-excerpt', 'shihua-chenbao.excerpt']));
  });

  it('more than a summary in an item of such a list is an excerpt', () => {
    // The list's second item carries four paragraphs of the article (over 80 words).
    const long = ORIGINAL.slice(0, 4).join(' ');
    const { c, broken } = violations(prepared(page(OWN, cards([OTHER_LEDES[0], long, OTHER_LEDES[1], OTHER_LEDES[2]]))));
    expect(c).toMatchObject({ verdict: 'partial', scope: 'page', teaser: false });
    expect(broken).toContain('generic.uncredited-excerpt');
  });

  it('half of a short article or more in such an item is an excerpt, however short', () => {
    const brief = prepared(
      `<!doctype html><html><head><title>Pier closed</title></head><body><article><h1>Pier closed</h1><p>${ORIGINAL[0]}</p><p>${ORIGINAL[1]}</p><p>${ORIGINAL[3]}</p></article></body></html>`,
      'https://harbour-news.example/2026/12/pier-brief',
    );
    const c = compare(brief, prepared(page(OWN, cards([OTHER_LEDES[0], LEDE, OTHER_LEDES[1], OTHER_LEDES[2]]))));
    expect(c).toMatchObject({ verdict: 'partial', scope: 'page', teaser: false });
    expect(c.containment).toBeGreaterThanOrEqual(0.5);
  });

  it('the extraction says where the list items are in the page text', () => {
    const r = extract(Buffer.from(page(OWN, cards([OTHER_LEDES[0], LEDE, OTHER_LEDES[1]]))), { url: 'https://courier.example/news/libraries' });
    if (!r.ok) throw new Error(r.message);
    const spans = r.teaserSpans.map(([from, to]) => r.pageText.slice(from, to));
    expect(spans.join('\n')).toContain(LEDE);
    expect(spans.join('\n')).toContain(OTHER_LEDES[1]);
    // The page's own article is in no span.
    expect(spans.some((s) => s.includes(OWN[0]))).toBe(false);
  });
});
