/**
 * What extraction takes from a page's site in the jobs: the site's article selector (config
 * `article`) and the template learned from the host's own pages (extract/profile.ts), kept in the
 * store. A host's profile is read on its first page, learned from every page the job extracts
 * (when the job learns: index and scan; a manual check or a recheck only reads), and saved when
 * the job's crawl of the site ends, and every SAVE_EVERY pages so that a killed run keeps most of it.
 */
import { extract, learnPage, type ArticleSelector } from '../extract/index.ts';
import type { Extraction, PageKeys, TemplateProfile } from '../domain/index.ts';
import type { Store } from '../store/ports.ts';

const SAVE_EVERY = 25;

interface HostState {
  profile: TemplateProfile | null;
  unsaved: number;
}

export class SiteTemplates {
  private hosts = new Map<string, Promise<HostState>>();

  constructor(
    private readonly store: Store,
    private readonly now: () => string,
    readonly learns: boolean,
  ) {}

  private state(host: string): Promise<HostState> {
    let state = this.hosts.get(host);
    if (!state) {
      state = this.store.templates.get(host).then((t) => ({ profile: t?.profile ?? null, unsaved: 0 }));
      this.hosts.set(host, state);
    }
    return state;
  }

  /** The profile of the page's host, or null (none learned yet: extraction stands alone). */
  async profileFor(url: string): Promise<TemplateProfile | null> {
    const host = hostOf(url);
    return host ? (await this.state(host)).profile : null;
  }

  /** Learns a page of the host (when this job learns); returns whether the host's profile was started anew (a new layout). */
  async learn(url: string, page: PageKeys): Promise<boolean> {
    const host = hostOf(url);
    if (!this.learns || !host) return false;
    const state = await this.state(host);
    const learned = learnPage(state.profile, page);
    if (learned.duplicate) return false;
    state.profile = learned.profile;
    if (++state.unsaved >= SAVE_EVERY) await this.save(host, state);
    return learned.relearned;
  }

  /** Saves every profile learned from since it was last saved. */
  async flush(): Promise<void> {
    for (const [host, pending] of this.hosts) await this.save(host, await pending);
  }

  private async save(host: string, state: HostState): Promise<void> {
    if (!state.unsaved || !state.profile) return;
    state.unsaved = 0;
    await this.store.templates.put(host, state.profile, this.now());
  }
}

/** What a page's extraction takes from its site. */
export interface SiteExtraction {
  selector?: ArticleSelector;
  templates?: SiteTemplates;
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return '';
  }
}

/**
 * A captured page through extraction with what its site gives: the selector, the host's learned
 * template (and the page learned into it when the job learns).
 */
export async function extractPage(
  page: { body: Uint8Array; contentType: string | null; finalUrl: string },
  maxBytes: number,
  site: SiteExtraction = {},
): Promise<Extraction> {
  const profile = site.templates ? await site.templates.profileFor(page.finalUrl) : null;
  const learn = site.templates?.learns ?? false;
  const extraction = extract(page.body, { contentType: page.contentType, url: page.finalUrl, maxBytes, selector: site.selector, profile, learn });
  if (learn && extraction.ok && extraction.pageKeys) {
    if (await site.templates!.learn(page.finalUrl, extraction.pageKeys))
      extraction.diagnostics.push(`the template of ${hostOf(page.finalUrl)} was learned anew (a new layout)`);
  }
  return extraction;
}

/** The site a URL belongs to among configured sites, by the hosts of their start URLs, sitemaps, feeds and e-paper template (for checks and rechecks). */
export function siteOfUrl<S extends { startUrls: string[]; sitemaps?: string[]; feeds?: string[]; epaper?: { urlTemplate: string } }>(
  sites: S[],
  url: string,
): S | undefined {
  const host = hostOf(url);
  if (!host) return undefined;
  return sites.find((s) =>
    [...s.startUrls, ...(s.sitemaps ?? []), ...(s.feeds ?? []), ...(s.epaper ? [s.epaper.urlTemplate] : [])].some((u) => hostOf(u) === host),
  );
}
