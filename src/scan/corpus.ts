/**
 * The corpus index of a running process, kept in step with the store: loaded from the store's
 * saved snapshot when it is current, else rebuilt from the articles' fingerprints, and updated as
 * the index job adds articles. Originals are prepared for verification on demand (LRU-cached).
 */
import { simhashFromHex } from '../fingerprint/index.ts';
import { CorpusIndex, preparePage, type PreparedPage } from '../match/index.ts';
import type { Article } from '../domain/index.ts';
import type { Store, StoredArticle } from '../store/ports.ts';

const SNAPSHOT_KEY = 'corpus-index';
const SNAPSHOT_COUNT_KEY = 'corpus-index-count';

export class Corpus {
  private cache = new Map<string, PreparedPage>();
  private constructor(
    private readonly store: Store,
    readonly index: CorpusIndex,
    private readonly cacheSize: number,
  ) {}

  /** The index for the store's articles: the saved snapshot if it still counts them all, else rebuilt. */
  static async load(store: Store, options: { cacheSize?: number } = {}): Promise<Corpus> {
    const count = await store.articles.count();
    const [blob, savedCount] = await Promise.all([store.getBlob(SNAPSHOT_KEY), store.getBlob(SNAPSHOT_COUNT_KEY)]);
    let index: CorpusIndex | null = null;
    if (blob && savedCount && Number(savedCount.toString()) === count) {
      try {
        index = CorpusIndex.fromBytes(blob);
      } catch {
        index = null; // an unreadable snapshot is rebuilt
      }
    }
    if (!index) {
      index = new CorpusIndex();
      for await (const batch of store.articles.fingerprints(2000)) {
        for (const a of batch) {
          index.add({ id: a.id, simhash: simhashFromHex(a.simhash), fingerprints: a.fingerprints, units: a.units, contentHash: a.contentHash });
        }
      }
    }
    return new Corpus(store, index, options.cacheSize ?? 2000);
  }

  get size(): number {
    return this.index.size;
  }

  /** Adds or replaces an article in the index (the store already holds it). */
  put(id: string, page: PreparedPage, entry: Parameters<CorpusIndex['add']>[0]): void {
    this.index.add(entry);
    this.remember(id, page);
  }

  /**
   * An article another process added or changed (a worker refreshing its index): replaces its
   * index entry and forgets its prepared text, so the next verification reads the new one.
   */
  update(entry: Parameters<CorpusIndex['add']>[0]): void {
    this.index.add(entry);
    this.cache.delete(entry.id);
  }

  /** Marks the saved snapshot stale before the store's articles change: a run killed midway rebuilds. */
  async invalidate(): Promise<void> {
    await this.store.putBlob(SNAPSHOT_COUNT_KEY, Buffer.from('-1'));
  }

  /** Saves the index so the next process loads it instead of rebuilding. */
  async save(): Promise<void> {
    this.index.compact();
    await this.store.putBlob(SNAPSHOT_KEY, this.index.toBytes());
    await this.store.putBlob(SNAPSHOT_COUNT_KEY, Buffer.from(String(this.index.size)));
  }

  /** The prepared original for verification (from the cache or the store). */
  async original(id: string): Promise<PreparedPage | undefined> {
    const hit = this.cache.get(id);
    if (hit) {
      this.cache.delete(id);
      this.cache.set(id, hit);
      return hit;
    }
    const stored = await this.store.articles.get(id);
    if (!stored) return undefined;
    const page = prepareStored(stored);
    this.remember(id, page);
    return page;
  }

  private remember(id: string, page: PreparedPage): void {
    this.cache.set(id, page);
    if (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value as string);
  }
}

function articleOfStored(a: StoredArticle): Article {
  return {
    url: a.url,
    title: a.title,
    byline: a.byline,
    publishedAt: a.publishedAt,
    credit: a.credit,
    text: a.text,
    paragraphs: a.paragraphs,
    lang: a.lang,
    charset: 'utf-8',
    canonicalUrl: a.canonicalUrl,
    notices: a.notices,
    links: [],
  };
}

function prepareStored(a: StoredArticle): PreparedPage {
  const page = preparePage(articleOfStored(a));
  return { ...page, chrome: a.chrome };
}
