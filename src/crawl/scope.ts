/**
 * Which URLs belong to a site's crawl. With `sameSite` (the default) a link is in scope when its
 * host is a start host, or that host's registrable domain or a subdomain of it. The registrable
 * domain is approximated without a public-suffix list: the host minus its first label when it
 * has three or more (`epaper.example.com` → `example.com`), kept whole when dropping a label
 * would leave a two-letter country code under a generic second level (`news.example.com.cn`
 * keeps `example.com.cn`, never `com.cn`). Then `include` (any must match, when given) and
 * `exclude` (none may match) regular expressions on the whole URL. Links to files that are
 * plainly not pages (by extension: .pdf, images, archives, media, office documents) are not
 * followed; a page in disguise is still refused by its Content-Type when fetched.
 */
import type { SiteConfig } from '../config/index.ts';

const NOT_A_PAGE =
  /\.(pdf|jpe?g|png|gif|webp|bmp|svg|ico|tiff?|zip|rar|7z|gz|tgz|bz2|xz|tar|exe|msi|dmg|apk|iso|mp[34]|m4[av]|avi|mov|wmv|flv|mkv|webm|wav|ogg|flac|docx?|xlsx?|pptx?|odt|ods|css|js|woff2?|ttf|eot|swf)$/i;

const GENERIC_SECOND_LEVEL = new Set(['co', 'com', 'net', 'org', 'gov', 'edu', 'ac', 'or', 'ne', 'go', 'mil', 'ltd', 'plc', 'sch', 'nic', 'gob', 'idv']);

/** The registrable domain of `host`, approximated (see above). */
export function siteDomain(host: string): string {
  const labels = host.toLowerCase().split('.');
  if (labels.length <= 2 || /^[\d.]+$/.test(host) || host.includes(':')) return host.toLowerCase();
  const rest = labels.slice(1);
  const tld = rest[rest.length - 1];
  if (rest.length === 2 && tld.length === 2 && GENERIC_SECOND_LEVEL.has(rest[0])) return labels.join('.');
  return rest.join('.');
}

export class Scope {
  private readonly domains: Set<string>;
  private readonly hosts: Set<string>;
  private readonly include: RegExp[];
  private readonly exclude: RegExp[];

  constructor(
    private readonly site: Pick<SiteConfig, 'sameSite' | 'include' | 'exclude' | 'maxDepth'>,
    seedUrls: string[],
  ) {
    this.hosts = new Set(seedUrls.map((u) => new URL(u).hostname.toLowerCase()));
    this.domains = new Set([...this.hosts].map(siteDomain));
    this.include = site.include.map((r) => new RegExp(r));
    this.exclude = site.exclude.map((r) => new RegExp(r));
  }

  /** Whether a host belongs to the site (always true without sameSite). */
  hostInScope(host: string): boolean {
    if (!this.site.sameSite) return true;
    const h = host.toLowerCase();
    if (this.hosts.has(h)) return true;
    for (const d of this.domains) if (h === d || h.endsWith(`.${d}`)) return true;
    return false;
  }

  /** Null when `url` (normalized) is in scope; otherwise why not. */
  reject(url: string): 'out-of-site' | 'not-a-page' | 'excluded' | 'not-included' | null {
    const parsed = new URL(url);
    if (!this.hostInScope(parsed.hostname)) return 'out-of-site';
    if (NOT_A_PAGE.test(parsed.pathname)) return 'not-a-page';
    if (this.exclude.some((r) => r.test(url))) return 'excluded';
    if (this.include.length && !this.include.some((r) => r.test(url))) return 'not-included';
    return null;
  }
}
