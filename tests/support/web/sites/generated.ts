/**
 * Generated sites for the benchmarks:
 * - `big.generated.test`: 100 sections × 1,000 small pages (100,000 URLs) for the frontier's
 *   memory bound;
 * - `bench.generated.test`: index pages listing real e-paper article pages (the publisher's
 *   template, GBK, ~4 KB each) for end-to-end throughput;
 * - `polite.generated.test`: the same pages with a robots.txt Crawl-delay of 0.25 s;
 * - the scan benchmark's target under `bench.generated.test/scan/<pages>x<corpus>/`: a reposting
 *   portal of `pages` story pages (100 per index page) over a synthetic corpus of `corpus`
 *   articles (bench/engine/synthetic.ts, the same texts bench/bench-scan.ts seeds the store with):
 *   one page in SCAN_COPY_EVERY copies a corpus article (whole, credited or not, or half of it
 *   inside the portal's own text), the others are unrelated text. Nothing is stored: every page
 *   is generated from its number, so any size costs no memory.
 */
import { syntheticArticle } from '../../../../bench/engine/synthetic.ts';
import { ARTICLES, PUBLISHER_NAME } from '../articles.ts';
import { encodePage, esc } from '../html.ts';
import { renderEpaperArticle } from '../templates/epaper.ts';
import { renderPortalStory, type PortalSite } from '../templates/portal.ts';
import type { FixtureSiteDef, Reply } from '../server.ts';
import { htmlPage } from './hostile.ts';
import { PUBLISHER_ORIGIN } from './publisher.ts';

export const GENERATED_HOSTS = { big: 'big.generated.test', bench: 'bench.generated.test', polite: 'polite.generated.test' } as const;

export const BIG_SECTIONS = 100;
export const BIG_PAGES_PER_SECTION = 1000;
/** Article pages of the bench sites: 100 per index page. */
const BENCH_INDEXES = 50;
const BENCH_PER_INDEX = 100;

const PARAGRAPH = '生成的测试页面，用于衡量爬虫在大量网址下的内存占用。每个页面只有一段文字和两个链接。';

function bigSite(): FixtureSiteDef {
  return {
    host: GENERATED_HOSTS.big,
    route(req): Reply | null {
      const path = req.url.pathname;
      if (path === '/robots.txt') return { type: 'text/plain', body: 'User-agent: *\nAllow: /\n' };
      if (path === '/') return { body: htmlPage('生成站点', Array.from({ length: BIG_SECTIONS }, (_, i) => `<a href="/s/${i}">栏目${i}</a>`).join(' ')) };
      const s = /^\/s\/(\d+)$/.exec(path);
      if (s && Number(s[1]) < BIG_SECTIONS) {
        return { body: htmlPage(`栏目${s[1]}`, Array.from({ length: BIG_PAGES_PER_SECTION }, (_, j) => `<a href="/p/${s[1]}/${j}">第${j}页</a>`).join('\n')) };
      }
      const p = /^\/p\/(\d+)\/(\d+)$/.exec(path);
      if (p && Number(p[1]) < BIG_SECTIONS && Number(p[2]) < BIG_PAGES_PER_SECTION) {
        return { body: htmlPage(`页面 ${p[1]}-${p[2]}`, `<p>${PARAGRAPH}</p><a href="/s/${p[1]}">返回栏目</a> <a href="/">首页</a>`) };
      }
      return null;
    },
  };
}

let articlePages: Buffer[] | null = null;

function benchArticles(): Buffer[] {
  articlePages ??= ARTICLES.map((a) => encodePage(renderEpaperArticle(a, '1.0K', { lastPage: 3 }), 'gbk'));
  return articlePages;
}

// ---------------------------------------------------------------- the scan benchmark's target

/** One story page in this many copies a corpus article (5%). */
export const SCAN_COPY_EVERY = 20;
const SCAN_PER_INDEX = 100;
const SCAN_PORTAL: PortalSite = { name: '综合资讯网', host: GENERATED_HOSTS.bench };
/** Seeds of the portal's own (unrelated) texts: far from any corpus article's number. */
const OWN_TEXT_SEED = 1_000_000_000;

export type ScanCopyKind = 'full' | 'full-credited' | 'excerpt';

/** Corpus article number n of the synthetic corpus, as the publisher printed it. */
export function scanCorpusArticle(n: number): { url: string; title: string; text: string; paragraphs: string[] } {
  const text = syntheticArticle(n);
  return { url: `${PUBLISHER_ORIGIN}/synthetic/${n}.html`, title: titleOf(text), text, paragraphs: text.split('\n') };
}

function titleOf(text: string): string {
  return text
    .slice(0, 24)
    .replace(/[，。、；\n]/g, '')
    .slice(0, 14);
}

/** Where the scan target of this size starts. */
export function scanStartUrl(pages: number, corpus: number): string {
  return `http://${GENERATED_HOSTS.bench}/scan/${pages}x${corpus}/`;
}

function scanPageUrl(pages: number, corpus: number, n: number): string {
  return `${scanStartUrl(pages, corpus)}p/${n}.html`;
}

/** What story page n of a target of `corpus` articles holds: a copy of corpus article `article`, or null (unrelated). */
export function scanPagePlan(corpus: number, n: number): { kind: ScanCopyKind; article: number } | null {
  if (n % SCAN_COPY_EVERY !== 7) return null;
  const i = Math.floor(n / SCAN_COPY_EVERY);
  const kinds: ScanCopyKind[] = ['full', 'full', 'full-credited', 'excerpt'];
  return { kind: kinds[i % kinds.length], article: (i * 7919 + 11) % corpus };
}

/** Every copy on a target of this size: page URL → corpus article number. */
export function scanPlanted(pages: number, corpus: number): Map<string, number> {
  const out = new Map<string, number>();
  for (let n = 0; n < pages; n++) {
    const plan = scanPagePlan(corpus, n);
    if (plan) out.set(scanPageUrl(pages, corpus, n), plan.article);
  }
  return out;
}

function scanStory(pages: number, corpus: number, n: number): string {
  const own = syntheticArticle(OWN_TEXT_SEED + n);
  const plan = scanPagePlan(corpus, n);
  const related = [1, 2, 3].map((d) => ({ href: `/scan/${pages}x${corpus}/p/${(n + d) % pages}.html`, title: `相关报道 ${(n + d) % pages}` }));
  const story = { date: '2023-01-10', editor: '编辑部', related, hot: related.slice(0, 2) };
  if (!plan) return renderPortalStory(SCAN_PORTAL, { ...story, title: titleOf(own), source: null, paragraphs: own.split('\n') });
  const original = scanCorpusArticle(plan.article);
  if (plan.kind === 'excerpt') {
    // The first half of the original inside the portal's own text.
    const half = original.text.slice(0, Math.floor(original.text.length / 2));
    const mine = own.slice(0, 700).split('\n');
    return renderPortalStory(SCAN_PORTAL, {
      ...story,
      title: titleOf(own),
      source: null,
      paragraphs: [...mine.slice(0, 1), ...half.split('\n'), ...mine.slice(1)],
    });
  }
  return renderPortalStory(SCAN_PORTAL, {
    ...story,
    title: original.title,
    source: plan.kind === 'full-credited' ? PUBLISHER_NAME : null,
    paragraphs: original.paragraphs,
  });
}

function scanRoute(path: string): Reply | null {
  const m = /^\/scan\/(\d+)x(\d+)\/(?:(i)\/(\d+)|(p)\/(\d+)\.html)?$/.exec(path);
  if (!m) return null;
  const pages = Number(m[1]);
  const corpus = Number(m[2]);
  if (!pages || !corpus || pages > 10_000_000) return null;
  const base = `/scan/${pages}x${corpus}`;
  const indexes = Math.ceil(pages / SCAN_PER_INDEX);
  if (!m[3] && !m[5]) return { body: htmlPage('综合资讯网', Array.from({ length: indexes }, (_, i) => `<a href="${base}/i/${i}">栏目${i}</a>`).join(' ')) };
  if (m[3]) {
    const k = Number(m[4]);
    if (k >= indexes) return null;
    const items = Array.from({ length: Math.min(SCAN_PER_INDEX, pages - k * SCAN_PER_INDEX) }, (_, j) => k * SCAN_PER_INDEX + j);
    return { body: htmlPage(`栏目${k}`, items.map((n) => `<a href="${base}/p/${n}.html">报道 ${n}</a>`).join('<br>\n')) };
  }
  const n = Number(m[6]);
  return n < pages ? { body: scanStory(pages, corpus, n) } : null;
}

function benchSite(host: string, robots: string): FixtureSiteDef {
  return {
    host,
    route(req): Reply | null {
      const path = req.url.pathname;
      if (path === '/robots.txt') return { type: 'text/plain', body: robots };
      if (path.startsWith('/scan/')) return scanRoute(path);
      if (path === '/') return { body: htmlPage('索引', Array.from({ length: BENCH_INDEXES }, (_, i) => `<a href="/idx/${i}">索引${i}</a>`).join(' ')) };
      const idx = /^\/idx\/(\d+)$/.exec(path);
      if (idx && Number(idx[1]) < BENCH_INDEXES) {
        const k = Number(idx[1]);
        return {
          body: htmlPage(
            `索引${k}`,
            Array.from({ length: BENCH_PER_INDEX }, (_, j) => {
              const n = k * BENCH_PER_INDEX + j;
              return `<a href="/a/${n}.html">${esc(ARTICLES[n % ARTICLES.length].title)}</a>`;
            }).join('<br>\n'),
          ),
        };
      }
      const a = /^\/a\/(\d+)\.html$/.exec(path);
      if (a && Number(a[1]) < BENCH_INDEXES * BENCH_PER_INDEX) return { type: 'text/html', body: benchArticles()[Number(a[1]) % ARTICLES.length] };
      return null;
    },
  };
}

export function generatedSites(): FixtureSiteDef[] {
  return [
    bigSite(),
    benchSite(GENERATED_HOSTS.bench, 'User-agent: *\nAllow: /\n'),
    benchSite(GENERATED_HOSTS.polite, 'User-agent: *\nCrawl-delay: 0.25\nAllow: /\n'),
  ];
}
