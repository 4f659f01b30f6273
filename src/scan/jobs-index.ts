/**
 * `copywatch index`: crawl the publisher's sources, extract every article, fingerprint it, keep
 * it in the store and the corpus index. Unchanged pages (304, same body hash) cost one request.
 */
import { editionPage } from '../extract/index.ts';
import { indexEntryFor, preparePage } from '../match/index.ts';
import { simhashToHex } from '../fingerprint/index.ts';
import type { Article } from '../domain/index.ts';
import type { ArticleInput, Store } from '../store/ports.ts';
import type { Corpus } from './corpus.ts';
import type { Capture } from './judge.ts';
import type { JobControl } from './run-job.ts';
import type { CrawlPort, ImagePort, SiteSpec } from './crawl-port.ts';
import { refreshImageSnapshot } from './image-snapshot.ts';
import { collectImages, EditionImages, type PendingArticle, type PhotoSettings } from './index-images.ts';
import { hostOf } from './judge.ts';
import { countCrawlOutcome, rememberFetch } from './jobs-scan.ts';
import { extractPage, SiteTemplates, type SiteExtraction } from './site-templates.ts';

export interface IndexResult {
  sites: string[];
  articles: number;
  /** Photos kept by this run (0 when photos are off). */
  images: number;
}

export async function indexSources(
  ctl: JobControl,
  deps: { store: Store; corpus: Corpus; crawler: CrawlPort & Partial<ImagePort>; maxBytes: number; photos?: PhotoSettings },
  sources: SiteSpec[],
): Promise<IndexResult> {
  const { store, corpus } = deps;
  await corpus.invalidate();
  const templates = new SiteTemplates(store, ctl.now, true);
  const images = deps.photos?.perPage && deps.crawler.fetchImage ? { store, images: deps.crawler as ImagePort, photos: deps.photos } : null;
  const imagesBefore = images ? await store.images.revision() : '';
  let kept = 0;
  for (const site of sources) {
    if (ctl.signal.aborted) break;
    const extraction: SiteExtraction = { selector: site.article, templates };
    // With photos, a page's fetch state is kept once its images are: a run stopped before then fetches it again.
    const pending: PendingArticle[] | null = images ? [] : null;
    const editions = new EditionImages();
    await deps.crawler
      .crawl(
        site,
        async (event) => {
          if (event.type === 'page') {
            ctl.counts.pagesFetched++;
            await indexPage(ctl, store, corpus, site.name, event.capture, deps.maxBytes, extraction, pending);
          } else if (event.type === 'not-modified') {
            ctl.counts.notModified++;
          } else if (event.type === 'edition') {
            // An e-paper edition page (版面): its page picture is a photo of the articles it draws.
            if (images) editionPageImages(editions, event.capture, deps.maxBytes);
          } else {
            countCrawlOutcome(ctl, event);
          }
          ctl.progress.update(ctl.counts);
        },
        ctl.signal,
        `index:${site.name}`,
      )
      .finally(() => templates.flush());
    if (images && pending?.length && !ctl.signal.aborted) {
      editions.attach(pending);
      kept += await collectImages(ctl, images, pending);
    }
  }
  if (!ctl.signal.aborted) await corpus.save();
  if (images && !ctl.signal.aborted) {
    // The photos changed: the image index snapshot is brought up to date now, not by the next scan.
    const note = (await refreshImageSnapshot(store, imagesBefore))?.note;
    if (note) ctl.reason(note);
  }
  return { sites: sources.map((s) => s.name), articles: corpus.size, images: kept };
}

async function indexPage(
  ctl: JobControl,
  store: Store,
  corpus: Corpus,
  source: string,
  capture: Capture,
  maxBytes: number,
  site: SiteExtraction,
  pending: PendingArticle[] | null,
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
  if (pending) {
    const { body: _body, ...state } = capture; // the body is not kept while the site is crawled
    pending.push({
      articleId: id,
      host: hostOf(capture.finalUrl),
      urls: [...new Set([capture.requestedUrl, capture.finalUrl])],
      images: result.images ?? [],
      done: () => rememberFetch(store, { ...state, body: Buffer.alloc(0) }),
    });
  } else await rememberFetch(store, capture);
}

function editionPageImages(editions: EditionImages, capture: Capture, maxBytes: number): void {
  if (capture.status >= 400) return;
  const found = editionPage(capture.body, { url: capture.finalUrl, contentType: capture.contentType, maxBytes });
  editions.add(capture.finalUrl, found, capture.links ?? []);
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
