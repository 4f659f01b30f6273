/**
 * The publisher, `epaper.shihua-chenbao.test`: an e-paper in GBK (gb2312 declared, no charset in
 * the header), dates → pages (版) → articles, a home page with the latest edition, robots.txt
 * with a Sitemap line, a sitemap index (editions in plain XML, articles gzipped), an RSS feed.
 * Pages are gzipped when the client accepts it. The mirror serves some of these very bytes.
 */
import { gzipSync } from 'node:zlib';
import { ARTICLES, PUBLISHER_NAME, type FixtureArticle } from '../articles.ts';
import { encodePage, esc } from '../html.ts';
import { BANNER_PATH, bannerImage, pageImage } from '../page-images.ts';
import { photoFile } from '../photos.ts';
import { articlePath, pagePath, renderEpaperArticle } from '../templates/epaper.ts';
import { editions, renderEditionPage, renderEpaperHome, renderEpaperNotFound } from '../templates/epaper-pages.ts';
import type { FixtureSiteDef, Reply } from '../server.ts';

export const PUBLISHER_HOST = 'epaper.shihua-chenbao.test';
export const PUBLISHER_ORIGIN = `http://${PUBLISHER_HOST}`;
/** The e-paper's page URLs by date and page, as a source's `epaper.urlTemplate`. */
export const EPAPER_URL_TEMPLATE = `${PUBLISHER_ORIGIN}/html/{yyyy}-{mm}/{dd}/node_{page}.htm`;

export function publisherUrl(a: FixtureArticle): string {
  return `${PUBLISHER_ORIGIN}${articlePath(a)}`;
}

/** When an edition went online: 06:00 Beijing time on its date. */
function editionTime(date: string): Date {
  return new Date(Date.parse(`${date}T06:00:00+08:00`));
}

function views(a: FixtureArticle): string {
  let h = 0;
  for (const c of a.id) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return `${(2 + (h % 180) / 10).toFixed(1)}K`;
}

interface Page {
  bytes: Buffer;
  date: string;
}

let cache: Map<string, Page> | null = null;

/** Every HTML page of the e-paper, path → GBK bytes (built once). */
export function publisherPages(): Map<string, Page> {
  if (cache) return cache;
  const pages = new Map<string, Page>();
  const list = editions();
  list.forEach((edition, i) => {
    for (const p of edition.pages) pages.set(pagePath(edition.date, p), { bytes: encodePage(renderEditionPage(edition.date, p), 'gbk'), date: edition.date });
    for (const a of ARTICLES.filter((x) => x.date === edition.date)) {
      const nav = {
        prevIssue: list[i - 1] ? pagePath(list[i - 1].date, 1) : null,
        nextIssue: list[i + 1] ? pagePath(list[i + 1].date, 1) : null,
        lastPage: edition.pages[edition.pages.length - 1],
      };
      pages.set(articlePath(a), { bytes: encodePage(renderEpaperArticle(a, views(a), nav), 'gbk'), date: edition.date });
    }
  });
  pages.set('/', { bytes: encodePage(renderEpaperHome(), 'gbk'), date: list[list.length - 1].date });
  cache = pages;
  return pages;
}

const ROBOTS = `# ${PUBLISHER_NAME} 电子版
User-agent: *
Disallow: /search
Disallow: /login
Disallow: /pdf/

Sitemap: ${PUBLISHER_ORIGIN}/sitemap.xml
`;

function urlset(urls: Array<{ loc: string; lastmod: string }>): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${urls.map((u) => `  <url><loc>${esc(u.loc)}</loc><lastmod>${u.lastmod}</lastmod></url>`).join('\n')}
</urlset>
`;
}

let xml: { index: Buffer; editions: Buffer; articlesGz: Buffer; rss: Buffer } | null = null;

function xmlFiles() {
  if (xml) return xml;
  const index = `<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>${PUBLISHER_ORIGIN}/sitemap-editions.xml</loc></sitemap>
  <sitemap><loc>${PUBLISHER_ORIGIN}/sitemap-2023-01.xml.gz</loc></sitemap>
</sitemapindex>
`;
  const editionUrls = editions().flatMap((e) => e.pages.map((p) => ({ loc: `${PUBLISHER_ORIGIN}${pagePath(e.date, p)}`, lastmod: e.date })));
  const articleUrls = ARTICLES.map((a) => ({ loc: publisherUrl(a), lastmod: a.date }));
  const latest = [...ARTICLES].sort((x, y) => (x.date < y.date ? 1 : -1)).slice(0, 10);
  const rss = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
<title>${PUBLISHER_NAME}</title><link>${PUBLISHER_ORIGIN}/</link><description>${PUBLISHER_NAME}电子版</description>
${latest.map((a) => `<item><title>${esc(a.title)}</title><link>${publisherUrl(a)}</link><pubDate>${editionTime(a.date).toUTCString()}</pubDate><description>${esc(a.paragraphs[0].slice(0, 40))}</description></item>`).join('\n')}
</channel></rss>
`;
  xml = { index: Buffer.from(index), editions: Buffer.from(urlset(editionUrls)), articlesGz: gzipSync(urlset(articleUrls)), rss: Buffer.from(rss) };
  return xml;
}

export function publisherSite(): FixtureSiteDef {
  return {
    host: PUBLISHER_HOST,
    route(req): Reply | null {
      const path = req.url.pathname;
      const x = xmlFiles();
      if (path === '/robots.txt') return { type: 'text/plain', body: ROBOTS };
      if (path === '/sitemap.xml') return { type: 'application/xml', body: x.index };
      if (path === '/sitemap-editions.xml') return { type: 'application/xml', body: x.editions };
      if (path === '/sitemap-2023-01.xml.gz') return { type: 'application/x-gzip', body: x.articlesGz };
      if (path === '/rss.xml') return { type: 'application/rss+xml', body: x.rss };
      const photo = /^\/images\/([a-z0-9-]+\.jpg)$/.exec(path);
      if (photo && ARTICLES.some((a) => a.photo?.file === photo[1]))
        return { type: 'image/jpeg', body: photoFile(photo[1]), lastModified: editionTime('2023-01-09') };
      if (path === BANNER_PATH) return { type: 'image/png', body: bannerImage(), lastModified: editionTime('2023-01-09') };
      // The edition pages' pictures (版面图), one per page of each edition.
      const picture = /^\/images\/(\d{4})-(\d{2})\/(\d{2})\/(\d{2})\/page_b\.jpg$/.exec(path);
      if (picture) {
        const date = `${picture[1]}-${picture[2]}-${picture[3]}`;
        if (editions().some((e) => e.date === date && e.pages.includes(Number(picture[4]))))
          return { type: 'image/png', body: pageImage(date, Number(picture[4])), lastModified: editionTime(date) };
      }
      const page = publisherPages().get(path === '/index.htm' ? '/' : path);
      if (page) return { type: 'text/html', body: page.bytes, lastModified: editionTime(page.date), gzip: true };
      if (path === '/search' || path === '/login') return { type: 'text/html', body: encodePage(renderEpaperNotFound(), 'gbk') };
      return { status: 404, type: 'text/html', body: encodePage(renderEpaperNotFound(), 'gbk') };
    },
  };
}
