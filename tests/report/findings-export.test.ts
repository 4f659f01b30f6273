import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/domain/index.ts';
import { CSV_COLUMNS, csvCell, findingsToCsv, findingsToJson } from '../../src/report/index.ts';
import { finding, violation } from './fixtures.ts';
import { copiedPhoto } from '../support/photo-match.ts';

/** An RFC 4180 reader, strict enough to catch a broken quote. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') {
      if (cell !== '') throw new Error(`quote inside an unquoted field at ${i}`);
      quoted = true;
    } else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else if (c === '\r' || c === '\n') throw new Error(`bare line break outside quotes at ${i}`);
    else cell += c;
  }
  if (quoted) throw new Error('unterminated quote');
  if (cell !== '' || row.length) rows.push([...row, cell]);
  return rows;
}

const hostile = finding({
  id: 43,
  articleTitle: 'Pier "closure", part 1\nand 2',
  url: '=HYPERLINK("http://evil.test","click")',
  host: '+evil.test',
  articleId: '-2+3',
  articleUrl: '@SUM(A1:A9)',
  violations: [violation({ ruleId: 'generic.license-terms', term: 'expired, uncredited' }), violation({ ruleId: 'generic.commercial-use' })],
  facts: { ...finding().facts, licenseBreaches: ['expired', 'uncredited'], credited: true },
});

describe('findingsToCsv', () => {
  it('starts with a BOM and the header row, CRLF line ends, one row per finding', () => {
    const csv = findingsToCsv([finding(), hostile, finding({ id: 44 })]);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.slice(1).split('\r\n')[0]).toBe(
      'id,status,severity,verdict,containment,matchedChars,host,url,articleId,articleTitle,articleUrl,rules,terms,credited,linksBack,firstSeen,lastSeen,discoveredBy,discoveryQuery,kind,originalImage,copyImage,imageDistance,imageTransforms,teaser',
    );
    expect(csv.endsWith('\r\n')).toBe(true);
    const rows = readCsv(csv.slice(1));
    expect(rows).toHaveLength(4);
    expect(rows.every((r) => r.length === CSV_COLUMNS.length)).toBe(true);
    expect(rows.slice(1).map((r) => r[0])).toEqual(['42', '43', '44']);
  });

  it('keeps Chinese text and writes the fields of the header', () => {
    const [, row] = readCsv(findingsToCsv([finding()]).slice(1));
    const byName = Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, row[i]]));
    expect(byName).toEqual({
      id: '42',
      status: 'open',
      severity: 'high',
      verdict: 'partial',
      containment: '0.6213',
      matchedChars: '88',
      host: 'news.repost-portal.test',
      url: 'https://news.repost-portal.test/a/2024/0502/123.html',
      articleId: 'a-1001',
      articleTitle: '向每一度电要效益 炼化厂能耗创新低',
      articleUrl: 'https://epaper.jiangbei-chenbao.test/2024/05/01/content_1.htm',
      rules: 'jiangbei.reproduction',
      terms: '',
      credited: 'false',
      linksBack: 'false',
      firstSeen: '2024-05-02T03:15:00.000Z',
      lastSeen: '2024-05-03T03:15:00.000Z',
      discoveredBy: '',
      discoveryQuery: '',
      kind: 'text',
      originalImage: '',
      copyImage: '',
      imageDistance: '',
      imageTransforms: '',
      teaser: '',
    });
  });

  it('says whether the copy is a teaser when its facts tell (facts recorded before teasers were told apart leave the cell empty)', () => {
    const teaser = finding({ facts: { ...finding().facts, teaser: true } });
    const [, row] = readCsv(findingsToCsv([teaser]).slice(1));
    expect(row[CSV_COLUMNS.indexOf('teaser')]).toBe('true');
    expect(JSON.parse(findingsToJson([teaser]))[0].facts.teaser).toBe(true);
    expect(JSON.parse(findingsToJson([finding()]))[0].facts).not.toHaveProperty('teaser');
  });

  it('names the photo of an image finding: its kind, both images, the distance and the transformations', () => {
    const image = copiedPhoto();
    const f = finding({ kind: 'image', verdict: 'none', facts: { ...finding().facts, verdict: 'none', image } });
    const [, row] = readCsv(findingsToCsv([f]).slice(1));
    const byName = Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, row[i]]));
    expect(byName).toMatchObject({
      kind: 'image',
      verdict: 'none',
      originalImage: image.original.url,
      copyImage: image.copy.url,
      imageDistance: '8',
      imageTransforms: 'cropped;resized',
    });
    const json = JSON.parse(findingsToJson([f]))[0];
    expect(json.kind).toBe('image');
    expect(json.facts.image).toEqual(image);
  });

  it('quotes commas, quotes and line breaks; joins rules and terms with ;', () => {
    const csv = findingsToCsv([hostile]);
    expect(csv).toContain('"Pier ""closure"", part 1\nand 2"');
    const [, row] = readCsv(csv.slice(1));
    expect(row[CSV_COLUMNS.indexOf('articleTitle')]).toBe('Pier "closure", part 1\nand 2');
    expect(row[CSV_COLUMNS.indexOf('rules')]).toBe('generic.license-terms;generic.commercial-use');
    expect(row[CSV_COLUMNS.indexOf('terms')]).toBe('expired;uncredited');
    expect(row[CSV_COLUMNS.indexOf('credited')]).toBe('true');
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    const [, row] = readCsv(findingsToCsv([hostile]).slice(1));
    expect(row[CSV_COLUMNS.indexOf('url')]).toBe('\'=HYPERLINK("http://evil.test","click")');
    expect(row[CSV_COLUMNS.indexOf('host')]).toBe("'+evil.test");
    expect(row[CSV_COLUMNS.indexOf('articleId')]).toBe("'-2+3");
    expect(row[CSV_COLUMNS.indexOf('articleUrl')]).toBe("'@SUM(A1:A9)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
    expect(csvCell('\r=1')).toBe('"\'\r=1"');
    expect(csvCell('a=1')).toBe('a=1');
    expect(csvCell(null)).toBe('');
    expect(csvCell(0.5)).toBe('0.5');
  });

  it('gives the header alone for no findings', () => {
    expect(findingsToCsv([])).toBe(`\uFEFF${CSV_COLUMNS.join(',')}\r\n`);
  });
});

describe('findingsToJson', () => {
  it('round-trips', () => {
    const findings = [finding(), hostile];
    expect(JSON.parse(findingsToJson(findings))).toEqual(findings);
  });

  it('writes fields in one stable order whatever order they came in, and ISO times', () => {
    const f = finding();
    const scrambled = Object.fromEntries(Object.entries({ ...f, extra: 'not exported' }).reverse()) as unknown as Finding;
    expect(findingsToJson([scrambled])).toBe(findingsToJson([f]));
    const keys = Object.keys(JSON.parse(findingsToJson([f]))[0]);
    expect(keys).toEqual([
      'id',
      'kind',
      'articleId',
      'articleUrl',
      'articleTitle',
      'url',
      'host',
      'verdict',
      'containment',
      'matchedChars',
      'facts',
      'violations',
      'severity',
      'status',
      'firstSeen',
      'lastSeen',
      'evidenceId',
      'passages',
      'scope',
    ]);
    const [out] = JSON.parse(findingsToJson([finding({ firstSeen: '2024-05-02T11:15:00+08:00', lastSeen: '2024-05-03T03:15:00Z' })]));
    expect(out.firstSeen).toBe('2024-05-02T03:15:00.000Z');
    expect(out.lastSeen).toBe('2024-05-03T03:15:00.000Z');
    expect(findingsToJson([])).toBe('[]\n');
  });
});
