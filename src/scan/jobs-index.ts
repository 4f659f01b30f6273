/**
 * `copywatch index`: crawl the publisher's sources, extract every article, fingerprint it, keep
 * it in the store and the corpus index. Unchanged pages (304, same body hash) cost one request.
 */
import { indexEntryFor, preparePage } from '../match/index.ts';
import { simhashToHex } from '../fingerprint/index.ts';
import type { Article } from '../domain/index.ts';
import type { ArticleInput, Store } from '../store/ports.ts';
import type { Corpus } from './corpus.ts';
import type { Capture } from './judge.ts';
import type { JobControl } from './run-job.ts';
import type { CrawlPort, SiteSpec } from './crawl-port.ts';
import { countCrawlOutcome, rememberFetch } from './jobs-scan.ts';
import { extractPage, SiteTemplates, type SiteExtraction } from './site-templates.ts';

export interface IndexResult {
  sites: string[];
  articles: number;
}

export async function indexSources(
  ctl: JobControl,
  deps: { store: Store; corpus: Corpus; crawler: CrawlPort; maxBytes: number },
  sources: SiteSpec[],
): Promise<IndexResult> {
  const { store, corpus } = deps;
  await corpus.invalidate();
  const templates = new SiteTemplates(store, ctl.now, true);
  for (const site of sources) {
    if (ctl.signal.aborted) break;
    const extraction: SiteExtraction = { selector: site.article, templates };
    await deps.crawler
      .crawl(
        site,
        async (event) => {
          if (event.type === 'page') {
            ctl.counts.pagesFetched++;
            await indexPage(ctl, store, corpus, site.name, event.capture, deps.maxBytes, extraction);
          } else if (event.type === 'not-modified') {
            ctl.counts.notModified++;
          } else {
            countCrawlOutcome(ctl, event);
          }
          ctl.progress.update(ctl.counts);
        },
        ctl.signal,
        `index:${site.name}`,
      )
      .finally(() => templates.flush());
  }
  if (!ctl.signal.aborted) await corpus.save();
  return { sites: sources.map((s) => s.name), articles: corpus.size };
}

async function indexPage(
  ctl: JobControl,
  store: Store,
  corpus: Corpus,
  source: string,
  capture: Capture,
  maxBytes: number,
  site: SiteExtraction,
): Promise<void> {
  const result = await extractPage(capture, maxBytes, site);
  if (!result.ok) {
    // Lists of links (edition pages, section fronts) are counted, not listed: they hold no article by nature.
    ctl.reason(
      `no article: ${result.reason}`,
      result.reason === 'link-list' ? undefined : { url: capture.finalUrl, detail: `no article: ${result.reason}: ${result.message}` },
    );
    await rememberFetch(store, capture);
    return;
  }
  const { page, entry, input } = articleForStore(result.article, { url: capture.finalUrl, chrome: result.chrome, source, bodySha256: capture.sha256 });
  const { id, changed } = await store.articles.upsert(input, capture.capturedAt);
  ctl.counts.articles++;
  if (changed || !corpus.index.has(id)) corpus.put(id, page, { ...entry, id });
  await rememberFetch(store, capture);
}

/**
 * An extracted article as the index keeps it: prepared and fingerprinted (for the corpus index)
 * and as the store's upsert takes it. `url`: where it was fetched (after redirects); `bodySha256`:
 * of the captured body it came from.
 */
export function articleForStore(a: Article, at: { url: string; chrome: string[]; source: string; bodySha256: string }) {
  const { url, chrome, source, bodySha256 } = at;
  const page = preparePage(a, chrome);
  const entry = indexEntryFor('', page);
  const input: ArticleInput = {
    url,
    canonicalUrl: a.canonicalUrl,
    source,
    title: a.title,
    byline: a.byline,
    publishedAt: a.publishedAt,
    credit: a.credit,
    lang: a.lang,
    text: a.text,
    paragraphs: a.paragraphs,
    notices: a.notices,
    chrome: page.chrome,
    simhash: simhashToHex(entry.simhash),
    fingerprints: entry.fingerprints,
    units: entry.units,
    contentHash: entry.contentHash,
    bodySha256,
  };
  return { page, entry, input };
}
