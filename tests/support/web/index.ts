/**
 * The fixture web: every fixture site on one HTTP server on loopback, routed by Host. URLs are
 * port-less real-looking ones (`http://epaper.shihua-chenbao.test/`); `resolve` maps every
 * fixture host to the server (crawler.resolve), so tests, benchmarks and the demo crawl them as
 * if they were on the internet.
 *
 * The planted cases (PLANTED) and the pages that must produce no finding (NEGATIVES) are data:
 * later tests assert the whole findings table against them.
 */
import { copySites, HOSTS } from './sites/copies.ts';
import { DISCOVERED_HOST, discoveredSite } from './sites/discovered.ts';
import { GENERATED_HOSTS, generatedSites } from './sites/generated.ts';
import { HOSTILE_HOSTS, hostileSites, releaseHung } from './sites/hostile.ts';
import { EPAPER_URL_TEMPLATE, PUBLISHER_HOST, PUBLISHER_ORIGIN, publisherPages, publisherSite } from './sites/publisher.ts';
import { SEARCH_HOST, searchSite, type Searchable } from './sites/search.ts';
import { PHOTO_REPOST_HOST, photoNegatives, photoRepostSite, plantedPhotos, type PlantedPhoto } from './sites/photo-repost.ts';
import type { Planted } from './sites/static-site.ts';
import { UNRELATED_HOSTS, unrelatedSites } from './sites/unrelated.ts';
import { startServer, type FixtureSiteDef, type RequestLogEntry } from './server.ts';

export { ARTICLES, PUBLISHER_NAME, PUBLISHER_NOTICE, type FixtureArticle } from './articles.ts';
export { encodePage, esc } from './html.ts';
export { renderEpaperArticle } from './templates/epaper.ts';
export { HOSTILE_HOSTS, HOSTILE_SIZES } from './sites/hostile.ts';
export { GENERATED_HOSTS, BIG_SECTIONS, BIG_PAGES_PER_SECTION } from './sites/generated.ts';
export { EPAPER_URL_TEMPLATE, PUBLISHER_HOST, PUBLISHER_ORIGIN, publisherUrl } from './sites/publisher.ts';
export { HOSTS as COPY_HOSTS, HOSTILE_MARKUP } from './sites/copies.ts';
export type { Planted } from './sites/static-site.ts';
export { DISCOVERED_HOST } from './sites/discovered.ts';
export interface FixtureWeb {
  port: number;
  /** `http://host/path`, port-less (reach it through `resolve`). */
  url(host: string, path?: string): string;
  /** Every fixture host → `127.0.0.1:<port>`, for crawler.resolve. */
  resolve: Record<string, string>;
  /** The server's log of every request, in arrival order. */
  requests: RequestLogEntry[];
  close(): Promise<void>;
}

/** What the fixture search engine searches: the publisher's pages, the copying and unrelated sites, and the one nobody listed. */
function searchable(): Searchable[] {
  const pub: Searchable[] = [...publisherPages()].map(([path, page]) => ({ url: `${PUBLISHER_ORIGIN}${path}`, body: page.bytes, type: 'text/html' }));
  const statics = [...copySites(), ...unrelatedSites(), discoveredSite()].flatMap((site) =>
    [...site.pages].map(([path, page]) => ({ url: site.url(path), body: page.body, type: page.type })),
  );
  return [...pub, ...statics];
}

function allSites(): FixtureSiteDef[] {
  return [
    publisherSite(),
    ...copySites().map((s) => s.def()),
    ...unrelatedSites().map((s) => s.def()),
    discoveredSite().def(),
    photoRepostSite(),
    searchSite(searchable),
    ...hostileSites(),
    ...generatedSites(),
  ];
}

/** Every host of the fixture web. */
export const FIXTURE_HOSTS: string[] = [
  PUBLISHER_HOST,
  ...Object.values(HOSTS),
  ...Object.values(UNRELATED_HOSTS),
  DISCOVERED_HOST,
  PHOTO_REPOST_HOST,
  SEARCH_HOST,
  ...Object.values(HOSTILE_HOSTS),
  ...Object.values(GENERATED_HOSTS),
];

export async function startFixtureWeb(options: { port?: number; host?: string } = {}): Promise<FixtureWeb> {
  const server = await startServer(allSites(), options.port ?? 0, options.host ?? '127.0.0.1');
  const address = `${options.host ?? '127.0.0.1'}:${server.port}`;
  return {
    port: server.port,
    url: (host, path = '/') => `http://${host}${path.startsWith('/') ? path : `/${path}`}`,
    resolve: Object.fromEntries(FIXTURE_HOSTS.map((h) => [h, address])),
    requests: server.requests,
    close: async () => {
      releaseHung();
      await server.close();
    },
  };
}

/** Every target-site page that copies a publisher article, with what a scan must find. */
export const PLANTED: Planted[] = copySites().flatMap((s) => s.planted());

/** The publisher's photos reposted on target sites (image findings), with the transformations a scan must name. */
export const PLANTED_PHOTOS: PlantedPhoto[] = plantedPhotos();
export type { PlantedPhoto };

/** The copies on the site in no target list, which discovery must find. */
export const DISCOVERED: Planted[] = discoveredSite().planted();

/** Target-site pages (including the unrelated sites) that must produce no finding. */
export const NEGATIVES: string[] = [...[...copySites(), ...unrelatedSites()].flatMap((s) => s.negatives()), ...photoNegatives()];

/** The publisher's source, as config.example.json has it. */
export const SOURCE_SITES = [
  {
    name: 'epaper',
    startUrls: [`${PUBLISHER_ORIGIN}/`],
    sitemaps: [`${PUBLISHER_ORIGIN}/sitemap.xml`],
    feeds: [`${PUBLISHER_ORIGIN}/rss.xml`],
    maxDepth: 3,
    maxPages: 1000,
    epaper: { urlTemplate: EPAPER_URL_TEMPLATE, pages: 4, from: '2023-01-09', to: '2023-01-12' },
  },
];

/** The target sites, as config.example.json has them. */
export const TARGET_SITES = [
  { name: 'mirror', startUrls: [`http://${HOSTS.mirror}/`], maxDepth: 4 },
  { name: 'repost-portal', startUrls: [`http://${HOSTS.portalA}/`], feeds: [`http://${HOSTS.portalA}/atom.xml`] },
  { name: 'nengyuan-zixun', startUrls: [`http://${HOSTS.portalB}/`] },
  { name: 'huayu-shibao', startUrls: [`http://${HOSTS.traditional}/`] },
  { name: 'partner-daily', startUrls: [`http://${HOSTS.partner}/`] },
  { name: 'old-partner', startUrls: [`http://${HOSTS.oldPartner}/`] },
  { name: 'energy-observer', startUrls: [`http://${UNRELATED_HOSTS.observer}/`] },
  { name: 'coastal-ledger', startUrls: [`http://${UNRELATED_HOSTS.ledger}/`] },
  { name: 'tuku-share', startUrls: [`http://${PHOTO_REPOST_HOST}/`] },
];

/** The licensees of config.example.json: the partner (valid until 2030) and the old partner (expired 2022). */
export const LICENSEES = [
  {
    name: '伙伴日报',
    domains: ['partner-daily.test'],
    scope: 'full' as const,
    requireCredit: true,
    requireLink: true,
    validFrom: '2022-01-01',
    validUntil: '2030-12-31',
  },
  {
    name: '港城晚报',
    domains: ['old-partner.test'],
    scope: 'full' as const,
    requireCredit: true,
    requireLink: true,
    validFrom: '2020-01-01',
    validUntil: '2022-12-31',
  },
];
