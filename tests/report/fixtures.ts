/** Findings, originals and captures for the report tests, built as plain objects (sample texts written for these tests). */
import type { Evidence, Finding, FindingEvent, Passage, Violation } from '../../src/domain/index.ts';
import type { StoredArticle } from '../../src/store/ports.ts';

export const ZH_NOTICE =
  '《江北晨报》(电子版)的一切内容仅供读者阅读、学习研究使用,未经江北晨报社书面授权,任何单位及个人不得转载、复制、发行,或将之在非本站所属的服务器上作镜像。否则,江北晨报社将追究侵权者的法律责任。';
export const ZH_CLAUSE =
  '《江北晨报》(电子版)的一切内容仅供读者阅读、学习研究使用,未经江北晨报社书面授权,任何单位及个人不得转载、复制、发行,或将之在非本站所属的服务器上作镜像。';
export const EN_CLAUSE = "All rights reserved. No part of this publication may be reproduced or republished without the publisher's written permission.";

export const ZH_TEXT = [
  '清晨六点，江北炼化厂的循环水站已经亮起灯。值班班长周立新沿着管廊逐一检查阀门，记录每一台泵的电流和温度。',
  '去年以来，这个厂把节能降耗作为头号工程，先后完成了十二项技术改造，全年节约标准煤三万余吨。',
  '“每一度电都要算清楚。”厂长刘志远说，下一步还将推广余热回收，让蒸汽管网的损耗再降一成。',
].join('\n\n');

export const ZH_COPY = [
  '转自网络',
  '去年以来，这个厂把节能降耗作为头号工程，先后完成了十二项技术改造，全年节约标准煤三万余吨。',
  '广告：低价出售二手设备，欢迎来电。',
  '“每一度电都要算清楚。”厂长刘志远说，下一步还将推广余热回收，让蒸汽管网的损耗再降一成。',
].join('\n\n');

export const EN_TEXT = [
  'The harbour authority voted on Tuesday to close the old ferry pier for repairs, ending a dispute that had run for two years.',
  "Engineers found that three of the pier's timber piles had rotted through, and the council agreed to fund a steel replacement.",
  'Ferries will use the temporary landing at the north quay until the work ends next spring, the authority said.',
].join('\n\n');

/** A passage for `needle`, at its offsets in both texts. */
function passageOf(original: string, copy: string, needle: string): Passage {
  const o = original.indexOf(needle);
  const s = copy.indexOf(needle);
  if (o < 0 || s < 0) throw new Error(`fixture: "${needle}" is not in both texts`);
  return { original: { start: o, end: o + needle.length, text: needle }, suspect: { start: s, end: s + needle.length, text: needle } };
}

export const ZH_P1 = '去年以来，这个厂把节能降耗作为头号工程，先后完成了十二项技术改造，全年节约标准煤三万余吨。';
export const ZH_P2 = '“每一度电都要算清楚。”厂长刘志远说，下一步还将推广余热回收，让蒸汽管网的损耗再降一成。';

export function violation(over: Partial<Violation> = {}): Violation {
  return {
    ruleId: 'jiangbei.reproduction',
    title: '未经书面授权转载、复制、发行（reproduction without written authorization）',
    severity: 'high',
    clause: ZH_CLAUSE,
    advice: '要求删除或补办授权。 (Ask for removal or a license.)',
    ...over,
  };
}

export function finding(over: Partial<Finding> = {}): Finding {
  return {
    id: 42,
    kind: 'text',
    articleId: 'a-1001',
    articleUrl: 'https://epaper.jiangbei-chenbao.test/2024/05/01/content_1.htm',
    articleTitle: '向每一度电要效益 炼化厂能耗创新低',
    url: 'https://news.repost-portal.test/a/2024/0502/123.html',
    host: 'news.repost-portal.test',
    verdict: 'partial',
    containment: 0.6213,
    matchedChars: 88,
    facts: {
      verdict: 'partial',
      containment: 0.6213,
      matchedChars: 88,
      credited: false,
      linksBack: false,
      pageMirror: false,
      host: 'news.repost-portal.test',
      ownedDomain: false,
      licensee: null,
      licenseStatus: 'none',
      licenseBreaches: [],
      commercial: { ads: true, shop: false, paywall: false },
    },
    violations: [violation()],
    severity: 'high',
    status: 'open',
    firstSeen: '2024-05-02T03:15:00.000Z',
    lastSeen: '2024-05-03T03:15:00.000Z',
    evidenceId: 7,
    passages: [passageOf(ZH_TEXT, ZH_COPY, ZH_P1), passageOf(ZH_TEXT, ZH_COPY, ZH_P2)],
    scope: 'article',
    ...over,
  };
}

export function original(over: Partial<StoredArticle> = {}): StoredArticle {
  return {
    id: 'a-1001',
    url: 'https://epaper.jiangbei-chenbao.test/2024/05/01/content_1.htm',
    canonicalUrl: null,
    source: 'jiangbei',
    title: '向每一度电要效益 炼化厂能耗创新低',
    byline: '周 航',
    publishedAt: '2024-05-01',
    credit: '江北晨报',
    lang: 'zh-Hans',
    text: ZH_TEXT,
    paragraphs: ZH_TEXT.split('\n\n'),
    notices: [ZH_NOTICE],
    chrome: new Uint32Array(0),
    simhash: '0000000000000000',
    fingerprints: new Uint32Array(0),
    units: 120,
    contentHash: 1,
    bodySha256: 'ab'.repeat(32),
    firstSeen: '2024-05-01T00:00:00.000Z',
    lastSeen: '2024-05-01T00:00:00.000Z',
    ...over,
  };
}

export const SHA = '3f5a9c0e7b1d2468ace013579bdf2468ace013579bdf2468ace013579bdf2468';

export function evidence(over: Partial<Evidence> = {}): Evidence {
  return {
    id: 7,
    requestedUrl: 'http://repost-portal.test/a/123',
    finalUrl: 'https://news.repost-portal.test/a/2024/0502/123.html',
    redirects: ['http://repost-portal.test/a/123', 'https://repost-portal.test/a/123'],
    status: 200,
    headers: { 'content-type': 'text/html; charset=utf-8', server: 'nginx/1.24', 'last-modified': 'Thu, 02 May 2024 01:00:00 GMT' },
    capturedAt: '2024-05-02T03:15:07.000Z',
    remoteAddress: '203.0.113.9:443',
    sha256: SHA,
    size: 48213,
    articleText: ZH_COPY,
    pageText: `首页 新闻 财经\n\n${ZH_COPY}\n\n关于我们`,
    note: null,
    warc: null,
    ...over,
  };
}

export const events: FindingEvent[] = [
  { findingId: 42, at: '2024-05-02T03:15:09.000Z', actor: 'scan', from: null, to: 'open', note: null, evidenceId: 7 },
  { findingId: 42, at: '2024-05-04T09:00:00.000Z', actor: 'rights-office', from: 'open', to: 'confirmed', note: '已核实，准备发函', evidenceId: null },
];

export const publisher = { name: '江北晨报社', notice: ZH_NOTICE };
