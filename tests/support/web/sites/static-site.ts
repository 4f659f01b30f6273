/** A fixture site made of fixed pages, each optionally marked as a planted copy or a negative. */
import type { FixtureSiteDef, Reply } from '../server.ts';

type PlantedKind = 'mirror' | 'full-credited' | 'full-uncredited' | 'credit-replaced' | 'excerpt' | 'traditional' | 'buried' | 'licensed' | 'licensed-expired';

/** A target-site page that copies a publisher article: what a scan must find there. */
export interface Planted {
  url: string;
  host: string;
  /** The publisher article (FixtureArticle.id) it copies. */
  articleId: string;
  kind: PlantedKind;
  expectedVerdict: 'mirror' | 'full' | 'partial';
  /** The page credits the publisher (来源：石化晨报 or its byline block). */
  credited: boolean;
  /** The page links to the publisher's domain. */
  linksBack: boolean;
  /** Share of the original article's text (letters, digits, CJK) found in the copy. */
  approxContainment: number;
  /** The copy's page is full of script, event handlers and `javascript:` links (see HOSTILE_MARKUP). */
  hostile?: boolean;
}

export interface SitePage {
  body: Buffer;
  type?: string;
  lastModified?: Date;
  planted?: Omit<Planted, 'url' | 'host'>;
  /** A page of a target site that must produce no finding. */
  negative?: boolean;
}

const STUB = Buffer.from(
  '<!doctype html><html><head><meta charset="utf-8"><title>栏目</title></head><body><div class="nav"><a href="/">首页</a></div><p>本栏目暂无内容。</p></body></html>',
);

export class StaticSite {
  readonly pages = new Map<string, SitePage>();

  /**
   * `stubs`: paths the templates link to but the site does not hold (channels, ads, about)
   * answer with a small page of links, as real sites do, instead of 404.
   */
  constructor(
    readonly host: string,
    private readonly robots: string | null = null,
    private readonly stubs = true,
  ) {}

  url(path: string): string {
    return `http://${this.host}${path}`;
  }

  add(path: string, page: SitePage): this {
    this.pages.set(path, page);
    return this;
  }

  def(): FixtureSiteDef {
    return {
      host: this.host,
      route: (req): Reply | null => {
        if (req.url.pathname === '/robots.txt' && this.robots !== null) return { type: 'text/plain', body: this.robots };
        const page = this.pages.get(req.url.pathname);
        if (!page) {
          if (!this.stubs || req.url.pathname === '/sitemap.xml') return null;
          return { type: 'text/html; charset=utf-8', body: STUB };
        }
        return { type: page.type ?? 'text/html; charset=utf-8', body: page.body, lastModified: page.lastModified };
      },
    };
  }

  planted(): Planted[] {
    return [...this.pages].filter(([, p]) => p.planted).map(([path, p]) => ({ url: this.url(path), host: this.host, ...p.planted! }));
  }

  negatives(): string[] {
    return [...this.pages].filter(([, p]) => p.negative).map(([path]) => this.url(path));
  }
}

/** Letters, digits and CJK characters: what containment counts. */
function countChars(text: string): number {
  let n = 0;
  for (const c of text) if (/[\p{L}\p{N}]/u.test(c)) n++;
  return n;
}

export function share(part: string[], whole: string[]): number {
  return Math.round((countChars(part.join('')) / countChars(whole.join(''))) * 1000) / 1000;
}
