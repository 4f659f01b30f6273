/**
 * The frontier: URLs waiting to be fetched, and every URL already seen. The crawler takes any
 * Frontier (a store-backed one makes a scan resumable); MemoryFrontier is the default, bounded
 * in memory: pending URLs are kept in fixed-size chunks (a flat one-byte string each for ASCII
 * URLs, plus one byte of depth and one of kind), the seen set as 64-bit hashes (HashSet64).
 */
import { HashSet64 } from './hash-set.ts';

/** What a URL is fetched as: an HTML page, a sitemap, a feed, or an e-paper page (版). */
export type UrlKind = 'page' | 'sitemap' | 'feed' | 'edition';

export interface FrontierEntry {
  url: string;
  /** Links followed from a start URL (start URLs, sitemap/feed items and edition pages are 0). */
  depth: number;
  kind: UrlKind;
}

type MaybePromise<T> = T | Promise<T>;

export interface Frontier {
  /** Queues the entry unless its URL was seen; false when it was seen (or the frontier is full). */
  push(entry: FrontierEntry): MaybePromise<boolean>;
  /** The next entry (breadth first), or undefined when none is waiting. */
  pop(): MaybePromise<FrontierEntry | undefined>;
  /** Entries waiting. */
  size(): MaybePromise<number>;
  /** Whether the URL was ever pushed or marked. */
  seen(url: string): MaybePromise<boolean>;
  /** Marks a URL seen without queueing it (a redirect's target); false when it already was. */
  markSeen(url: string): MaybePromise<boolean>;
}

const KINDS: UrlKind[] = ['page', 'sitemap', 'feed', 'edition'];
const CHUNK = 4096;

interface Chunk {
  urls: string[];
  meta: Uint8Array;
  head: number;
}

export interface MemoryFrontierOptions {
  /** Entries waiting at most; pushes beyond are refused. Default 2,000,000. */
  maxPending?: number;
}

export class MemoryFrontier implements Frontier {
  private readonly seenSet = new HashSet64(4096);
  private readonly chunks: Chunk[] = [];
  private pending = 0;
  private readonly maxPending: number;
  /** Pushes refused because the frontier was full. */
  dropped = 0;

  constructor(options: MemoryFrontierOptions = {}) {
    this.maxPending = options.maxPending ?? 2_000_000;
  }

  push(entry: FrontierEntry): boolean {
    if (this.pending >= this.maxPending) {
      if (!this.seenSet.has(entry.url)) this.dropped++;
      return false;
    }
    if (!this.seenSet.add(entry.url)) return false;
    let last = this.chunks[this.chunks.length - 1];
    if (!last || last.urls.length === CHUNK) {
      last = { urls: [], meta: new Uint8Array(CHUNK), head: 0 };
      this.chunks.push(last);
    }
    // Flatten so a URL sliced from a large page does not keep the page alive.
    last.meta[last.urls.length] = (Math.min(entry.depth, 63) << 2) | KINDS.indexOf(entry.kind);
    last.urls.push(flat(entry.url));
    this.pending++;
    return true;
  }

  pop(): FrontierEntry | undefined {
    const first = this.chunks[0];
    if (!first || first.head >= first.urls.length) return undefined;
    const i = first.head++;
    const url = first.urls[i];
    first.urls[i] = '';
    const meta = first.meta[i];
    if (first.head === CHUNK) this.chunks.shift();
    this.pending--;
    return { url, depth: meta >> 2, kind: KINDS[meta & 3] };
  }

  size(): number {
    return this.pending;
  }

  seen(url: string): boolean {
    return this.seenSet.has(url);
  }

  markSeen(url: string): boolean {
    return this.seenSet.add(url);
  }
}

function flat(text: string): string {
  return (' ' + text).slice(1);
}
