/**
 * `copywatch discover`: asks search engines for each article's distinctive passages as exact
 * phrases, filters the result URLs (owned domains, licensees, targets, known findings, URLs seen
 * within the revisit window) and hands the rest to the crawler and the scan path (robots,
 * politeness, the private-address guard, evidence, rules): discovery only proposes URLs.
 *
 * Articles new or changed since they were last asked come first, then a rolling share of the
 * others (the longest unasked first). Each provider call spends one query of the UTC day's
 * budget; an exhausted budget ends the run, saying so. Its bookkeeping (budget, articles asked,
 * URLs seen) is one JSON blob in the store.
 */
import type { DiscoveryConfig } from '../config/index.ts';
import { normalizeUrl } from '../crawl/index.ts';
import type { SearchProvider } from '../crawl/search/index.ts';
import { isCopywatchError, type DiscoveredBy } from '../domain/index.ts';
import { distinctivePassages, hostMatches } from '../match/index.ts';
import type { Store } from '../store/ports.ts';
import type { EvidenceExtras } from './evidence-extras.ts';
import type { PhotoMatcher } from './photos.ts';
import type { Corpus } from './corpus.ts';
import type { CrawlPort, SiteSpec } from './crawl-port.ts';
import type { JudgeSettings } from './judge.ts';
import { countCrawlOutcome, scanPage } from './jobs-scan.ts';
import type { JobControl } from './run-job.ts';

const STATE_KEY = 'discovery-state';
const DAY_MS = 86_400_000;

export interface DiscoverDeps {
  store: Store;
  corpus: Corpus;
  crawler: CrawlPort;
  settings: JudgeSettings;
  providers: SearchProvider[];
  discovery: DiscoveryConfig;
  /** Hosts whose pages are the publisher's own (its sources). */
  sourceHosts: string[];
  /** Hosts of the target sites (scans cover them). */
  targetHosts: string[];
  /** What captures get besides the body (a screenshot). Default nothing. */
  evidence?: EvidenceExtras;
  /** The publisher's photos, looked for on each proposed page (none: text only). */
  photos?: PhotoMatcher | null;
}

type FilterReason = 'own domain' | 'licensee' | 'target' | 'known finding' | 'seen recently' | 'duplicate' | 'not a URL';

export interface DiscoverSummary {
  articles: number;
  queries: number;
  results: number;
  filtered: Partial<Record<FilterReason, number>>;
  /** URLs left to fetch and judge. */
  proposed: number;
  fetched: number;
  findings: number;
  /** Set when the day's query budget ran out during (or before) this run. */
  budgetExhausted: string | null;
  /** Queries no provider could answer. */
  failedQueries: number;
}

interface DiscoveryState {
  day: string;
  used: number;
  /** Article id → content hash and time it was last asked for. */
  asked: Record<string, { hash: number; at: string }>;
  /** URL → when it was last proposed (and fetched). */
  seen: Record<string, string>;
}

async function loadState(store: Store): Promise<DiscoveryState> {
  const blob = await store.getBlob(STATE_KEY);
  try {
    if (blob) return { day: '', used: 0, asked: {}, seen: {}, ...(JSON.parse(blob.toString('utf8')) as Partial<DiscoveryState>) };
  } catch {
    // unreadable bookkeeping starts over
  }
  return { day: '', used: 0, asked: {}, seen: {} };
}

async function saveState(store: Store, state: DiscoveryState, now: string, revisitDays: number): Promise<void> {
  const oldest = Date.parse(now) - revisitDays * DAY_MS;
  for (const [url, at] of Object.entries(state.seen)) if (Date.parse(at) < oldest) delete state.seen[url];
  await store.putBlob(STATE_KEY, Buffer.from(JSON.stringify(state)));
}

/** The articles to ask for this run: new or changed first, then the rolling share of the rest. */
async function articlesToAsk(store: Store, state: DiscoveryState, share: number): Promise<string[]> {
  const fresh: string[] = [];
  const rest: Array<{ id: string; at: string }> = [];
  let cursor: string | undefined;
  do {
    const page = await store.articles.list({ cursor, limit: 500 });
    for (const a of page.items) {
      const asked = state.asked[a.id];
      if (!asked || asked.hash !== a.contentHash) fresh.push(a.id);
      else rest.push({ id: a.id, at: asked.at });
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  rest.sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
  return [...fresh, ...rest.slice(0, Math.ceil(rest.length * share)).map((r) => r.id)];
}

/** Known findings' URLs (any status): their pages are scanned already. */
async function knownUrls(store: Store): Promise<Set<string>> {
  const urls = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await store.findings.list({ cursor, limit: 500, passages: false });
    for (const f of page.items) urls.add(f.url);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return urls;
}

/** What the searching proposed: the URLs to fetch and judge, each with the search that found it. */
export interface Proposals {
  summary: DiscoverSummary;
  proposed: Map<string, DiscoveredBy>;
  /** Remembers URLs as fetched now (not proposed again within the revisit window). */
  markSeen(urls: string[]): Promise<void>;
}

/** A one-page crawl of proposed URLs on one host: robots, politeness and the guard as in any scan. */
export function discoverySite(host: string, urls: string[]): SiteSpec {
  return {
    name: `discover:${host}`,
    startUrls: urls,
    sitemaps: [],
    feeds: [],
    include: [],
    exclude: [],
    maxDepth: 0,
    maxPages: urls.length,
    sameSite: true,
  };
}

/** A discover run's summary before it has done anything. */
export const emptyDiscoverSummary = (): DiscoverSummary => ({
  articles: 0,
  queries: 0,
  results: 0,
  filtered: {},
  proposed: 0,
  fetched: 0,
  findings: 0,
  budgetExhausted: null,
  failedQueries: 0,
});

/** The searching half of discovery (in this process, queue or not): asks the providers, filters their URLs. */
export async function proposeUrls(ctl: JobControl, deps: Omit<DiscoverDeps, 'crawler'>): Promise<Proposals> {
  const { store, discovery } = deps;
  const now = ctl.now();
  const day = now.slice(0, 10);
  const state = await loadState(store);
  if (state.day !== day) Object.assign(state, { day, used: 0 });
  const summary = emptyDiscoverSummary();
  const filter = (reason: FilterReason) => {
    summary.filtered[reason] = (summary.filtered[reason] ?? 0) + 1;
    ctl.reason(`filtered: ${reason}`);
  };
  const known = await knownUrls(store);
  const revisitFrom = Date.parse(now) - discovery.revisitDays * DAY_MS;
  const proposed = new Map<string, DiscoveredBy>();
  const exhausted = () => `the daily query budget (${discovery.dailyQueryBudget}) is spent for ${day} (UTC): discovery asks again tomorrow`;

  const judgeUrl = (raw: string, by: DiscoveredBy) => {
    summary.results++;
    const url = normalizeUrl(raw);
    if (!url) return filter('not a URL');
    const host = new URL(url).hostname.toLowerCase();
    if (deps.settings.ownedDomains.some((d) => hostMatches(host, d)) || deps.sourceHosts.includes(host)) return filter('own domain');
    if (deps.settings.licensees.some((l) => l.domains.some((d) => hostMatches(host, d)))) return filter('licensee');
    if (deps.targetHosts.includes(host)) return filter('target');
    if (known.has(url)) return filter('known finding');
    const seen = state.seen[url];
    if (seen && Date.parse(seen) >= revisitFrom) return filter('seen recently');
    if (proposed.has(url)) return filter('duplicate');
    proposed.set(url, by);
  };

  try {
    for (const id of await articlesToAsk(store, state, discovery.rollingShare)) {
      if (ctl.signal.aborted || summary.budgetExhausted) break;
      const article = await store.articles.get(id);
      if (!article) continue;
      summary.articles++;
      const passages = distinctivePassages(article.text, { count: discovery.queriesPerArticle, df: (fp) => deps.corpus.index.documentFrequency(fp) });
      let complete = true;
      for (const passage of passages) {
        const query = `"${passage.text}"`;
        let answered = false;
        for (const provider of deps.providers) {
          if (state.used >= discovery.dailyQueryBudget) {
            summary.budgetExhausted = exhausted();
            break;
          }
          state.used++;
          summary.queries++;
          try {
            const urls = await provider.search(query, ctl.signal);
            const by: DiscoveredBy = { provider: provider.name, query, at: ctl.now() };
            for (const url of urls) judgeUrl(url, by);
            answered = true;
            break;
          } catch (error) {
            if (ctl.signal.aborted) break;
            ctl.reason(`search failed: ${provider.name}`, { url: provider.name, detail: isCopywatchError(error) ? error.message : String(error) });
          }
        }
        if (!answered) {
          complete = false;
          if (summary.budgetExhausted || ctl.signal.aborted) break;
          summary.failedQueries++;
        }
      }
      if (complete) state.asked[id] = { hash: article.contentHash, at: now };
    }
    if (summary.budgetExhausted) ctl.reason('budget exhausted');
  } finally {
    await saveState(store, state, now, discovery.revisitDays);
  }

  summary.proposed = proposed.size;
  const markSeen = async (urls: string[]) => {
    for (const url of urls) state.seen[url] = ctl.now();
    await saveState(store, state, now, discovery.revisitDays);
  };
  return { summary, proposed, markSeen };
}

export async function discover(ctl: JobControl, deps: DiscoverDeps): Promise<DiscoverSummary> {
  const { store } = deps;
  const { summary, proposed, markSeen } = await proposeUrls(ctl, deps);
  ctl.counts.pagesQueued = proposed.size;
  // The proposed URLs, a one-page crawl per host: robots, politeness and the guard as in any scan.
  const byHost = new Map<string, string[]>();
  for (const url of proposed.keys()) {
    const host = new URL(url).hostname;
    byHost.set(host, [...(byHost.get(host) ?? []), url]);
  }
  for (const [host, urls] of byHost) {
    if (ctl.signal.aborted) break;
    await deps.crawler.crawl(
      discoverySite(host, urls),
      async (event) => {
        if (event.type === 'page') {
          ctl.counts.pagesFetched++;
          summary.fetched++;
          const by = proposed.get(event.capture.requestedUrl) ?? proposed.get(event.capture.finalUrl);
          const { recorded } = await scanPage(ctl, deps, event.capture, 'discover', undefined, { discoveredBy: by });
          summary.findings += recorded.created.length + recorded.updated.length + recorded.reopened.length;
        } else if (event.type === 'not-modified') {
          // Unchanged since it was last judged (a URL back after the revisit window): its copies, if any, are still there.
          ctl.counts.notModified++;
          ctl.counts.findingsUpdated += await store.findings.touch(event.finalUrl, ctl.now());
        } else {
          countCrawlOutcome(ctl, event);
        }
        ctl.progress.update(ctl.counts);
      },
      ctl.signal,
      `discover:${host}`,
    );
    await markSeen(urls);
  }
  return summary;
}
