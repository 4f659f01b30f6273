import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Comparison, ImageMatchFacts } from '../../src/domain/index.ts';
import { buildFacts, checkUniqueIds, commercialSignals, evaluateRules, maxSeverity, parseRuleSet, type Licensee } from '../../src/rules/index.ts';

const load = (file: string) => parseRuleSet(readFileSync(file, 'utf8'), file);
const sets = [load('rules/shihua-chenbao.json')];

const comparison = (over: Partial<Comparison> = {}): Comparison => ({
  verdict: 'full',
  containment: 1,
  matchedChars: 900,
  simhashDistance: 0,
  passages: [],
  credited: false,
  pageMirror: false,
  linksBack: false,
  scope: 'article',
  teaser: false,
  ...over,
});
const licensees: Licensee[] = [
  {
    name: 'Partner Daily',
    domains: ['partner-daily.test'],
    scope: 'full',
    requireCredit: true,
    requireLink: true,
    validFrom: '2022-01-01',
    validUntil: '2030-12-31',
  },
  { name: 'Old Partner', domains: ['*.old-partner.test'], scope: 'full', requireCredit: true, requireLink: false, validUntil: '2022-12-31' },
  { name: 'Digest', domains: ['digest.test'], scope: 'excerpt', maxExcerptChars: 300, requireCredit: true, requireLink: false },
];
const noCommerce = { ads: false, shop: false, paywall: false };
const judge = (c: Comparison, host: string, commercial = noCommerce) => {
  const facts = buildFacts(c, { host, ownedDomains: ['shihua-chenbao.test', '*.shihua-chenbao.test'], licensees, today: '2024-05-01', commercial });
  return { facts, violations: evaluateRules(sets, facts) };
};
const ids = (r: ReturnType<typeof judge>) => r.violations.map((v) => v.ruleId).sort();

describe('rule files', () => {
  it('ships valid rule sets whose ids are unique together', () => {
    const all = ['rules/generic.json', 'rules/sinopec-news.json', 'rules/shihua-chenbao.json'].map(load);
    expect(() => checkUniqueIds(all)).not.toThrow();
    expect(all.every((s) => s.rules.length >= 3)).toBe(true);
  });

  it('the founding publisher rules cite its notice', () => {
    const seed = load('rules/sinopec-news.json');
    for (const rule of seed.rules) expect(rule.clause).toContain('未经中国石化报社及/或相关权利人书面授权');
    expect(seed.rules.find((r) => r.id === 'sinopec-news.mirror')!.clause).toContain('在非本站所属的服务器上作镜像');
  });

  it('names the file and field of every error', () => {
    const bad = JSON.stringify({
      name: 'x',
      rules: [{ id: 'Bad Id', title: 't', clause: 'c', severity: 'urgent', advice: 'a', when: { verdict: 'full', colour: 'red' } }],
    });
    let message = '';
    try {
      parseRuleSet(bad, 'rules/bad.json');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^rules\/bad\.json: rules\[0\]\.id: /m);
    expect(message).toMatch(/^rules\/bad\.json: rules\[0\]\.severity: .*got "urgent"/m);
    expect(message).toMatch(/^rules\/bad\.json: rules\[0\]\.when.*colour/m);
    expect(() => parseRuleSet('{ not json', 'rules/x.json')).toThrow(/^rules\/x\.json: line 1, column 3: not valid JSON/);
    expect(() => checkUniqueIds([load('rules/generic.json'), load('rules/generic.json')])).toThrow(
      /rule "generic\.unlicensed-copy" is also defined in rules\/generic\.json/,
    );
  });
});

describe('rule file values', () => {
  const rule = (when: Record<string, unknown>) =>
    JSON.stringify({ name: 'x', rules: [{ id: 'x.a', title: 't', clause: 'c', severity: 'high', advice: 'a', when }] });
  const problem = (text: string) => {
    try {
      parseRuleSet(text, 'rules/x.json');
      return null;
    } catch (e) {
      return (e as Error).message;
    }
  };

  it('refuses a value no finding can have, instead of a rule that silently never applies', () => {
    expect(problem(rule({ verdict: 'ful' }))).toBe(
      'rules/x.json: rules[0].when.verdict: expected "mirror", "full", "partial" or "none" (or a list of them), got "ful"',
    );
    expect(problem(rule({ verdict: ['full', 'mirorr'] }))).toMatch(/^rules\/x\.json: rules\[0\]\.when\.verdict(\[1\])?: expected "mirror", .*got "mirorr"$/);
    expect(problem(rule({ credited: 'no' }))).toBe('rules/x.json: rules[0].when.credited: expected true or false, got "no"');
    expect(problem(rule({ licenseStatus: 'lapsed' }))).toMatch(/licenseStatus: expected "none", "valid", "expired" or "not-yet-valid".*got "lapsed"$/);
    expect(problem(rule({ containment: 80 }))).toBe('rules/x.json: rules[0].when.containment: expected a number from 0 to 1, got 80');
    expect(problem(rule({ containment: { min: 0.9, max: 0.2 } }))).toMatch(/containment: expected a range whose min is at most its max$/);
    expect(problem(rule({ colour: 'red' }))).toMatch(/^rules\/x\.json: rules\[0\]\.when\.colour: unknown fact \(the facts are verdict, containment/);
  });

  it('accepts every kind of condition the shipped rules use', () => {
    expect(
      problem(
        rule({ verdict: ['full', 'mirror'], licensed: false, containment: { min: 0.3 }, licenseBreaches: 'uncredited', host: ['a.test'], licensee: null }),
      ),
    ).toBeNull();
  });

  it('names the line and column of invalid JSON', () => {
    expect(problem('{\n  "name": "x",\n  // a comment\n}')).toMatch(/^rules\/x\.json: line 3, column 3: not valid JSON/);
  });
});

describe('rule evaluation', () => {
  it('a mirror breaks the mirror and reproduction clauses', () => {
    expect(ids(judge(comparison({ verdict: 'mirror', pageMirror: true }), 'mirror.example-mirror.test'))).toEqual([
      'shihua-chenbao.mirror',
      'shihua-chenbao.reproduction',
    ]);
  });

  it('a full copy breaks reproduction, credited or not', () => {
    expect(ids(judge(comparison(), 'news.repost-portal.test'))).toEqual(['shihua-chenbao.reproduction']);
    expect(ids(judge(comparison({ credited: true }), 'news.repost-portal.test'))).toEqual(['shihua-chenbao.reproduction']);
  });

  it('an excerpt breaks the excerpt clause; on an ad-laden page also the commercial one', () => {
    expect(ids(judge(comparison({ verdict: 'partial', containment: 0.3 }), 'a.test'))).toEqual(['shihua-chenbao.excerpt']);
    const r = judge(comparison({ verdict: 'partial', containment: 0.3 }), 'a.test', { ads: true, shop: false, paywall: false });
    expect(ids(r)).toEqual(['shihua-chenbao.commercial', 'shihua-chenbao.excerpt']);
    expect(maxSeverity(r.violations)).toBe('critical');
  });

  it('a teaser (headline and summary in a list of other stories) breaks nothing, on an ad-laden page either; facts recorded before teasers were told apart are no teaser', () => {
    const teaser = comparison({ verdict: 'partial', containment: 0.2, scope: 'page', teaser: true });
    expect(ids(judge(teaser, 'a.test'))).toEqual([]);
    expect(ids(judge(teaser, 'a.test', { ads: true, shop: false, paywall: false }))).toEqual([]);
    const { facts } = judge(comparison({ verdict: 'partial', containment: 0.3 }), 'a.test');
    const { teaser: _t, ...older } = facts;
    expect(evaluateRules(sets, older).map((v) => v.ruleId)).toEqual(['shihua-chenbao.excerpt']);
    // A publisher that wants teasers reported names them in a rule.
    const strict = parseRuleSet(
      JSON.stringify({ name: 'strict', rules: [{ id: 'strict.teaser', title: 't', clause: 'c', severity: 'low', advice: 'a', when: { teaser: true } }] }),
      'strict.json',
    );
    expect(evaluateRules([strict], judge(teaser, 'a.test').facts).map((v) => v.ruleId)).toEqual(['strict.teaser']);
  });

  it('a licensed repost inside its terms breaks nothing', () => {
    const r = judge(comparison({ credited: true, linksBack: true }), 'www.partner-daily.test');
    expect(r.facts).toMatchObject({ licensee: 'Partner Daily', licenseStatus: 'valid', licenseBreaches: [] });
    expect(r.violations).toEqual([]);
  });

  it('outside its terms it breaks the license clause and names the term', () => {
    const uncredited = judge(comparison({ credited: false, linksBack: true }), 'partner-daily.test');
    expect(uncredited.violations.map((v) => [v.ruleId, v.term])).toEqual([['shihua-chenbao.license-terms', 'uncredited']]);
    const expired = judge(comparison({ credited: true, linksBack: true }), 'news.old-partner.test');
    expect(expired.facts.licenseStatus).toBe('expired');
    expect(expired.violations.map((v) => v.term)).toEqual(['expired']);
    const tooLong = judge(comparison({ verdict: 'partial', matchedChars: 500, credited: true }), 'digest.test');
    expect(tooLong.violations.map((v) => v.term)).toEqual(['too-long']);
    const whole = judge(comparison({ credited: true }), 'digest.test');
    expect(whole.violations.map((v) => v.term)).toEqual(['scope']);
  });

  it("the publisher's own domains never break anything", () => {
    expect(judge(comparison({ verdict: 'mirror', pageMirror: true }), 'epaper.shihua-chenbao.test').violations).toEqual([]);
    expect(judge(comparison(), 'shihua-chenbao.test').violations).toEqual([]);
  });

  it('reads commercial signals from page lines and links', () => {
    expect(commercialSignals(['广告', '首页'], [])).toEqual({ ads: true, shop: false, paywall: false });
    expect(commercialSignals(['Related'], ['https://item.taobao.com/x'])).toMatchObject({ shop: true });
    expect(commercialSignals(['付费阅读全文'], [])).toMatchObject({ paywall: true });
  });
});

describe('rules over photos', () => {
  const allSets = ['rules/generic.json', 'rules/shihua-chenbao.json'].map(load);
  const image = (over: Partial<ImageMatchFacts> = {}): ImageMatchFacts => ({
    original: { url: 'http://epaper.shihua-chenbao.test/images/a.jpg', sha256: 'a'.repeat(64), width: 960, height: 640 },
    copy: { url: 'http://copy.test/x.jpg', sha256: 'b'.repeat(64), width: 640, height: 420 },
    distance: 6,
    region: { x: 0.1, y: 0, w: 0.8, h: 0.8 },
    transforms: ['cropped', 'resized'],
    credited: false,
    ...over,
  });
  /** A photo alone (no text verdict) or with a copy of the text, on `host`. */
  const photo = (c: Comparison, host: string, img: ImageMatchFacts, commercial = noCommerce) => {
    const facts = {
      ...buildFacts(c, { host, ownedDomains: ['shihua-chenbao.test'], licensees, today: '2024-05-01', commercial }),
      image: img,
    };
    return evaluateRules(allSets, facts)
      .map((v) => v.ruleId)
      .sort();
  };
  const alone = comparison({ verdict: 'none', containment: 0, matchedChars: 0 });

  it('an uncredited photo alone breaks the photo clauses, and none of the text ones', () => {
    expect(photo(alone, 'copy.test', image())).toEqual(['generic.uncredited-photo', 'shihua-chenbao.photo']);
  });

  it('a credit near the photo lowers it to a credited photo, still without a license', () => {
    expect(photo(alone, 'copy.test', image({ credited: true }))).toEqual(['generic.credited-photo', 'shihua-chenbao.photo']);
  });

  it('a photo on a commercial page breaks the commercial photo clauses too', () => {
    expect(photo(alone, 'copy.test', image(), { ads: true, shop: false, paywall: false })).toEqual([
      'generic.commercial-photo',
      'generic.uncredited-photo',
      'shihua-chenbao.photo',
      'shihua-chenbao.photo-commercial',
    ]);
  });

  it('text and photo on one page: the text clauses and the photo clauses on one finding (kind text+image)', () => {
    expect(photo(comparison(), 'copy.test', image())).toEqual([
      'generic.uncredited-photo',
      'generic.unlicensed-copy',
      'shihua-chenbao.photo',
      'shihua-chenbao.reproduction',
    ]);
  });

  it('a licensee within its terms, and the own domains, break nothing with a photo either', () => {
    expect(
      photo(
        comparison({ verdict: 'none', credited: true, linksBack: true, containment: 0, matchedChars: 0 }),
        'www.partner-daily.test',
        image({ credited: true }),
      ),
    ).toEqual([]);
    expect(photo(alone, 'shihua-chenbao.test', image())).toEqual([]);
  });

  it('rules can name the kind, the credit, the transformations and the distance of a photo', () => {
    const set = parseRuleSet(
      JSON.stringify({
        name: 'photos',
        rules: [
          { id: 'p.mirrored', title: 't', clause: 'c', severity: 'low', advice: 'a', when: { kind: 'image', 'image.transforms': 'mirrored' } },
          { id: 'p.near', title: 't', clause: 'c', severity: 'low', advice: 'a', when: { 'image.distance': { max: 4 }, 'image.credited': false } },
          { id: 'p.text', title: 't', clause: 'c', severity: 'low', advice: 'a', when: { kind: 'text' } },
        ],
      }),
      'photos.json',
    );
    const facts = (c: Comparison, img?: ImageMatchFacts) => ({
      ...buildFacts(c, { host: 'copy.test', ownedDomains: [], licensees: [], today: '2024-05-01', commercial: noCommerce }),
      ...(img ? { image: img } : {}),
    });
    const ruleIds = (f: ReturnType<typeof facts>) => evaluateRules([set], f).map((v) => v.ruleId);
    expect(ruleIds(facts(alone, image({ transforms: ['mirrored'], distance: 3 })))).toEqual(['p.mirrored', 'p.near']);
    expect(ruleIds(facts(alone, image({ distance: 9 })))).toEqual([]);
    expect(ruleIds(facts(comparison()))).toEqual(['p.text']);
    // Without a photo, the photo facts hold no condition (and a page with no text verdict and no photo breaks nothing).
    expect(ruleIds(facts(alone))).toEqual([]);
  });

  it('refuses photo facts no finding can have, naming the field', () => {
    const bad = (when: Record<string, unknown>) => () =>
      parseRuleSet(JSON.stringify({ name: 'x', rules: [{ id: 'x', title: 't', clause: 'c', severity: 'low', advice: 'a', when }] }), 'x.json');
    expect(bad({ kind: 'photo' })).toThrow(/x\.json: rules\[0\]\.when\.kind: expected "text", "image" or "text\+image" \(or a list of them\), got "photo"/);
    expect(bad({ 'image.transforms': 'rotated' })).toThrow(
      /rules\[0\]\.when\["image\.transforms"\]: expected "resized", "cropped", "mirrored", "recompressed", "caption-strip" or "watermarked"/,
    );
    expect(bad({ 'image.distance': 65 })).toThrow(/when\["image\.distance"\]: expected a number from 0 to 64/);
  });
});
