/**
 * The publisher's photos looked for on a suspect page: an image index of the store's protected
 * images (its saved snapshot, or rebuilt; once per run), and the page's images fetched through the crawler (at most
 * `perPage`, each URL once per run), decoded, hashed with the suspect's query hashes and looked
 * up. A hit names the original (its article) at the smallest distance, per article.
 */
import { decodeImage, ImageRejected, Integral, ORIGINAL_REGIONS, queryHashes, type Hash64 } from '../fingerprint/index.ts';
import { isCopywatchError, type ImageRef } from '../domain/index.ts';
import { CANDIDATE_LOOKUP, confirmCandidates, originalRegion, type ImageCandidate, type ImageIndex } from '../match/index.ts';
import type { Store, StoredImage } from '../store/ports.ts';
import type { ImagePort } from './crawl-port.ts';
import { loadImageIndex } from './image-snapshot.ts';
import type { PhotoSettings } from './index-images.ts';

/** A suspect image, fetched and hashed: its query hashes and how each was taken. */
interface Suspect {
  url: string;
  sha256: string;
  width: number;
  height: number;
  queries: Array<{ hash: Hash64; region: number; mirrored: boolean; strips: boolean }>;
  /** The index's candidates for it (looked up once per URL). */
  candidates: ImageCandidate[];
}

/** An image's bytes as fetched, with their SHA-256 and the format decoded from them. */
export interface ImageBytes {
  url: string;
  sha256: string;
  format: string;
  bytes: Buffer;
}

export interface PhotoHit {
  articleId: string;
  original: StoredImage;
  copy: { url: string; sha256: string; width: number; height: number };
  /** The copy's image reference on the page (its nearby text). */
  ref: ImageRef;
  distance: number;
  region: { x: number; y: number; w: number; h: number };
  query: { region: number; mirrored: boolean; strips: boolean };
}

/** Results kept per run (suspect images by URL, originals by id). */
const CACHE = 5000;
/** Images' bytes kept per run for the evidence (each up to `maxBytes`): originals, and copies that matched. */
const BYTES_CACHE = 16;

function remember<V>(map: Map<string, V>, key: string, value: V, size: number): void {
  map.delete(key);
  if (map.size >= size) map.delete(map.keys().next().value as string);
  map.set(key, value);
}

export class PhotoMatcher {
  private readonly suspects = new Map<string, Promise<Suspect | null>>();
  private readonly originals = new Map<string, Promise<StoredImage | null>>();
  private readonly originalBytes = new Map<string, Promise<ImageBytes | null>>();
  /** Copies that matched, by their URL on the page: bytes as fetched to hash them. */
  private readonly copyBytes = new Map<string, ImageBytes>();
  /** Why images were not looked up (refusals and failures by reason), for the run's reasons. */
  readonly skipped = new Map<string, number>();

  private constructor(
    readonly index: ImageIndex,
    private readonly store: Store,
    private readonly port: ImagePort,
    private readonly settings: PhotoSettings,
    /** Where the originals are fetched for the evidence (the crawler; `port` unless said). */
    private readonly originalPort: ImagePort,
  ) {}

  /**
   * The matcher of a run, or null when photos are off or the store holds none. Its index is the
   * store's snapshot when current, else rebuilt and saved (image-snapshot.ts); a snapshot that
   * did not load is said in the run's reasons.
   */
  static async load(store: Store, port: ImagePort, settings: PhotoSettings, originals: ImagePort = port): Promise<PhotoMatcher | null> {
    if (!settings.perPage) return null;
    const { index, note, outdated } = await loadImageIndex(store);
    if (!index.size) return null;
    const matcher = new PhotoMatcher(index, store, port, settings, originals);
    if (note) matcher.skipped.set(note, 1);
    if (outdated) matcher.skipped.set('image hashed with an older region list (index its article again)', outdated);
    return matcher;
  }

  /** The originals the page's images copy, the nearest per article. */
  async match(refs: readonly ImageRef[], signal?: AbortSignal): Promise<PhotoHit[]> {
    const best = new Map<string, PhotoHit>();
    for (const ref of refs.slice(0, this.settings.perPage)) {
      if (signal?.aborted) break;
      const suspect = await this.suspect(ref.url, signal);
      if (!suspect) continue;
      for (const c of suspect.candidates) {
        const original = await this.original(c.id);
        if (!original) continue;
        const prior = best.get(original.articleId);
        if (prior && prior.distance <= c.distance) continue;
        const q = suspect.queries[c.query] ?? { region: 0, mirrored: false, strips: false };
        best.set(original.articleId, {
          articleId: original.articleId,
          original,
          copy: { url: suspect.url, sha256: suspect.sha256, width: suspect.width, height: suspect.height },
          ref,
          distance: c.distance,
          region: originalRegion(c.region),
          query: { region: q.region, mirrored: q.mirrored, strips: q.strips || ORIGINAL_REGIONS[c.region]?.strips === true },
        });
      }
    }
    return [...best.values()];
  }

  private suspect(url: string, signal?: AbortSignal): Promise<Suspect | null> {
    let hit = this.suspects.get(url);
    if (!hit) {
      hit = this.fetchSuspect(url, signal);
      if (this.suspects.size >= CACHE) this.suspects.delete(this.suspects.keys().next().value as string);
      this.suspects.set(url, hit);
    }
    return hit;
  }

  private async fetchSuspect(url: string, signal?: AbortSignal): Promise<Suspect | null> {
    try {
      const fetched = await this.port.fetchImage(url, { maxBytes: this.settings.maxBytes, signal });
      if (fetched.notModified) return null;
      const { body, finalUrl, sha256 } = fetched.record;
      const decoded = await decodeImage(body);
      const grey = new Integral(decoded);
      // The band lookup's candidates (within 12 bits), each confirmed against its original's
      // thumbnail (match/image-verify.ts); an original without one counts at its region's usual
      // distance. When the whole suspect and its strips find nothing, its windows are looked up
      // (a crop that falls between the original's windows).
      let queries = queryHashes(grey);
      let candidates: ImageCandidate[] = [];
      for (const windows of [false, true]) {
        if (windows) queries = queryHashes(grey, { windows });
        const shortlist = this.index.lookup(
          queries.map((q) => q.hash),
          10,
          CANDIDATE_LOOKUP,
        );
        const thumbs = new Map<string, Uint8Array | null>();
        for (const c of shortlist) thumbs.set(c.id, (await this.original(c.id))?.thumb ?? null);
        candidates = confirmCandidates(grey, queries, shortlist, (id) => thumbs.get(id));
        if (candidates.length) break;
      }
      if (candidates.length) remember(this.copyBytes, url, { url: finalUrl, sha256, format: decoded.format, bytes: body }, BYTES_CACHE);
      return {
        url: finalUrl,
        sha256,
        width: decoded.sourceWidth,
        height: decoded.sourceHeight,
        queries,
        candidates,
      };
    } catch (error) {
      if (signal?.aborted) return null;
      const key = error instanceof ImageRejected ? `image refused: ${error.reason}` : isCopywatchError(error) ? `image failed: ${error.code}` : null;
      if (!key) throw error;
      this.skipped.set(key, (this.skipped.get(key) ?? 0) + 1);
      return null;
    }
  }

  /**
   * The copy's bytes for the evidence: as fetched to hash it (`url` as the page gave it), or, when
   * they are no longer held (many copies matched in this run), fetched again and kept only if
   * they are still the bytes hashed (`sha256`).
   */
  async copyImage(url: string, sha256: string, signal?: AbortSignal): Promise<ImageBytes | null> {
    const held = this.copyBytes.get(url);
    if (held?.sha256 === sha256) return held;
    const again = await this.fetchBytes(url, 'copy image', signal);
    if (again && again.sha256 !== sha256) {
      this.skipped.set('copy image changed since it was hashed', (this.skipped.get('copy image changed since it was hashed') ?? 0) + 1);
      return null;
    }
    return again;
  }

  /**
   * The original's bytes for the evidence, fetched again through the crawler (the index keeps
   * hashes, not bytes): null when it cannot be fetched or decoded now (the reason is counted).
   */
  originalImage(url: string, signal?: AbortSignal): Promise<ImageBytes | null> {
    let hit = this.originalBytes.get(url);
    if (!hit) {
      hit = this.fetchBytes(url, 'original image', signal, this.originalPort);
      remember(this.originalBytes, url, hit, BYTES_CACHE);
    }
    return hit;
  }

  private async fetchBytes(url: string, what: string, signal?: AbortSignal, port: ImagePort = this.port): Promise<ImageBytes | null> {
    try {
      const fetched = await port.fetchImage(url, { maxBytes: this.settings.maxBytes, signal });
      if (fetched.notModified) return null;
      const { body, finalUrl, sha256 } = fetched.record;
      const decoded = await decodeImage(body);
      return { url: finalUrl, sha256, format: decoded.format, bytes: body };
    } catch (error) {
      if (signal?.aborted) return null;
      const key = error instanceof ImageRejected ? `${what} refused: ${error.reason}` : isCopywatchError(error) ? `${what} failed: ${error.code}` : null;
      if (!key) throw error;
      this.skipped.set(key, (this.skipped.get(key) ?? 0) + 1);
      return null;
    }
  }

  private original(id: string): Promise<StoredImage | null> {
    let hit = this.originals.get(id);
    if (!hit) {
      hit = this.store.images.get(Number(id));
      if (this.originals.size >= CACHE) this.originals.delete(this.originals.keys().next().value as string);
      this.originals.set(id, hit);
    }
    return hit;
  }
}
