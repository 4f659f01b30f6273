/** Inputs for the store contract suite, and the store each test gets. */
import { afterEach, beforeEach } from 'vitest';
import { createHash } from 'node:crypto';
import type { FindingFacts, Severity, Violation } from '../../../src/domain/index.ts';
import type { ArticleInput, EvidenceInput, FindingInput, Store } from '../../../src/store/index.ts';

export type OpenStore = () => Promise<Store>;

export interface StoreContext {
  /** The store of the running test: opened empty before it, closed after it. */
  readonly store: Store;
}

export function useStore(open: OpenStore): StoreContext {
  let current: Store | null = null;
  beforeEach(async () => {
    current = await open();
  });
  afterEach(async () => {
    await current?.close();
    current = null;
  });
  return {
    get store(): Store {
      if (!current) throw new Error('no store: used outside a test');
      return current;
    },
  };
}

/** A UTC ISO time `minutes` after 2024-03-01T00:00Z. */
export function t(minutes: number): string {
  return new Date(Date.UTC(2024, 2, 1) + minutes * 60_000).toISOString();
}

export function article(n: number, overrides: Partial<ArticleInput> = {}): ArticleInput {
  const text = `Article ${n}: the refinery cut its energy use by a tenth this winter.`;
  return {
    url: `https://paper.example/a/${n}`,
    canonicalUrl: null,
    source: n % 2 ? 'odd' : 'even',
    title: `Title ${n}`,
    byline: 'Zhou Hang',
    publishedAt: '2024-01-09',
    credit: '石化晨报',
    lang: 'en',
    text,
    paragraphs: [text],
    notices: ['未经书面授权不得转载'],
    chrome: new Uint32Array([n, 0xffffffff, 0]),
    simhash: n.toString(16).padStart(16, '0'),
    fingerprints: new Uint32Array([n, n + 1, 0x80000000]),
    units: 12,
    contentHash: 1000 + n,
    bodySha256: sha256(text),
    ...overrides,
  };
}

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export function evidence(url: string, body: Buffer | null = Buffer.from(`<html><body>copy of ${url}</body></html>`)): EvidenceInput {
  return {
    requestedUrl: url,
    finalUrl: url,
    redirects: [],
    status: body ? 200 : 404,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    capturedAt: t(0),
    remoteAddress: '127.0.0.1:8080',
    sha256: body ? sha256(body) : '',
    size: body?.length ?? 0,
    articleText: body ? 'copied text' : null,
    pageText: null,
    note: body ? null : 'HTTP 404',
    body,
  };
}

export function violation(ruleId: string, severity: Severity = 'high'): Violation {
  return { ruleId, title: `rule ${ruleId}`, severity, clause: '未经本报书面授权，不得转载', advice: 'send a takedown notice' };
}

function facts(host: string, containment = 0.9): FindingFacts {
  return {
    verdict: 'full',
    containment,
    matchedChars: 900,
    credited: false,
    linksBack: false,
    pageMirror: false,
    host,
    ownedDomain: false,
    licensee: null,
    licenseStatus: 'none',
    licenseBreaches: [],
    commercial: { ads: true, shop: false, paywall: false },
  };
}

/** A finding of article `articleId` on `url`; severity from the violations (default one `high` rule). */
export function finding(articleId: string, url: string, overrides: Partial<FindingInput> = {}): FindingInput {
  const host = new URL(url).host;
  const violations = overrides.violations ?? [violation('no-reproduction')];
  const severity = overrides.severity ?? violations.map((v) => v.severity).sort((a, b) => rank(b) - rank(a))[0] ?? 'info';
  return {
    articleId,
    articleUrl: `https://paper.example/a/${articleId}`,
    articleTitle: `Title ${articleId}`,
    url,
    host,
    verdict: 'full',
    containment: 0.9,
    matchedChars: 900,
    facts: facts(host),
    violations,
    severity,
    evidenceId: null,
    passages: [{ original: { start: 0, end: 10, text: 'Article 1:' }, suspect: { start: 5, end: 15, text: 'Article 1:' } }],
    scope: 'article',
    ...overrides,
  };
}

const ORDER: Severity[] = ['info', 'low', 'medium', 'high', 'critical'];
export function rank(s: Severity): number {
  return ORDER.indexOf(s);
}

/** Runs `fn` and returns what it threw (failing when it throws nothing). */
export async function thrown(fn: () => Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await fn();
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected an error, none was thrown');
}
