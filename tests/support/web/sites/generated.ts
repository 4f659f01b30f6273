/**
 * Generated sites for the benchmarks:
 * - `big.generated.test`: 100 sections × 1,000 small pages (100,000 URLs) for the frontier's
 *   memory bound;
 * - `bench.generated.test`: index pages listing real e-paper article pages (the publisher's
 *   template, GBK, ~4 KB each) for end-to-end throughput;
 * - `polite.generated.test`: the same pages with a robots.txt Crawl-delay of 0.25 s.
 */
import { ARTICLES } from '../articles.ts';
import { encodePage, esc } from '../html.ts';
import { renderEpaperArticle } from '../templates/epaper.ts';
import type { FixtureSiteDef, Reply } from '../server.ts';
import { htmlPage } from './hostile.ts';

export const GENERATED_HOSTS = { big: 'big.generated.test', bench: 'bench.generated.test', polite: 'polite.generated.test' } as const;

export const BIG_SECTIONS = 100;
export const BIG_PAGES_PER_SECTION = 1000;
/** Article pages of the bench sites: 100 per index page. */
export const BENCH_INDEXES = 50;
export const BENCH_PER_INDEX = 100;

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

function benchSite(host: string, robots: string): FixtureSiteDef {
  return {
    host,
    route(req): Reply | null {
      const path = req.url.pathname;
      if (path === '/robots.txt') return { type: 'text/plain', body: robots };
      if (path === '/') return { body: htmlPage('索引', Array.from({ length: BENCH_INDEXES }, (_, i) => `<a href="/idx/${i}">索引${i}</a>`).join(' ')) };
      const idx = /^\/idx\/(\d+)$/.exec(path);
      if (idx && Number(idx[1]) < BENCH_INDEXES) {
        const k = Number(idx[1]);
        return { body: htmlPage(`索引${k}`, Array.from({ length: BENCH_PER_INDEX }, (_, j) => { const n = k * BENCH_PER_INDEX + j; return `<a href="/a/${n}.html">${esc(ARTICLES[n % ARTICLES.length].title)}</a>`; }).join('<br>\n')) };
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
