/**
 * The publisher's photos, collected while indexing: each article's images (extract/images.ts)
 * once its site's crawl is over, so that the site's template images are known: an image URL on
 * TEMPLATE_PAGES or more of the site's articles (a logo, a banner, a default share image), or the
 * same bytes under several URLs on as many, is template and not kept. The others are fetched
 * through the crawler (conditionally, with the validators of the last fetch: a 304 keeps the
 * stored hashes), decoded (refusals counted with their reason: too small, vector, animated, a
 * decompression bomb, undecodable), hashed (the original's region hashes) and stored per article.
 */
import { decodeImage, ImageRejected, Integral, ORIGINAL_REGIONS, originalHashes, simhashToHex, thumbnail } from '../fingerprint/index.ts';
import { isCopywatchError, type ImageRef } from '../domain/index.ts';
import type { ProtectedImageInput, Store } from '../store/ports.ts';
import type { ImagePort } from './crawl-port.ts';
import type { JobControl } from './run-job.ts';

/** Articles of a site an image must be on to be template. */
const TEMPLATE_PAGES = 3;

export interface PhotoSettings {
  /** Largest image fetched (bytes). */
  maxBytes: number;
  /** Images per page at most (0: no photos). */
  perPage: number;
}

/** An article whose images are to be collected, and what to do once they are (keep the page's fetch state). */
export interface PendingArticle {
  articleId: string;
  host: string;
  /** Where its page was asked for and where it was (after redirects): how e-paper edition pages name it. */
  urls: string[];
  images: ImageRef[];
  /** The page pictures of the e-paper edition pages (版面) that draw this article, each with its edition page's URL. */
  editionImages?: Array<{ ref: ImageRef; page: string }>;
  done: () => Promise<void>;
}

/** The e-paper edition pages of a crawl: each article URL's page pictures (from the pages' image maps). */
export class EditionImages {
  private readonly byArticle = new Map<string, Array<{ ref: ImageRef; page: string }>>();

  /** An edition page's images, each with the article URLs it links to (its image map's, else the page's links). */
  add(page: string, images: ReadonlyArray<ImageRef & { links: string[] | null }>, pageLinks: readonly string[]): void {
    for (const { links, ...ref } of images) {
      const text = `${ref.text} 版面 ${page}`.trim().slice(0, 300);
      for (const url of new Set(links ?? pageLinks)) {
        const list = this.byArticle.get(url) ?? [];
        if (!list.some((x) => x.ref.url === ref.url)) list.push({ ref: { ...ref, text }, page });
        this.byArticle.set(url, list);
      }
    }
  }

  /** Gives each pending article the page pictures that draw it. */
  attach(pending: PendingArticle[]): void {
    if (!this.byArticle.size) return;
    for (const a of pending) {
      const found = new Map<string, { ref: ImageRef; page: string }>();
      for (const url of a.urls) for (const x of this.byArticle.get(url) ?? []) found.set(x.ref.url, x);
      if (found.size) a.editionImages = [...found.values()];
    }
  }
}

type Fetched = (Omit<ProtectedImageInput, 'alt'> & { ok: true }) | { ok: false };

/** Fetches and hashes one image, or counts why not. */
async function hashImage(ctl: JobControl, store: Store, port: ImagePort, settings: PhotoSettings, url: string): Promise<Fetched> {
  // Hashes kept with another region list or without a thumbnail are not reused: fetched again in full.
  const stored = await store.images.byUrl(url);
  const previous = stored && stored.hashes.length === ORIGINAL_REGIONS.length && stored.thumb ? stored : null;
  try {
    const fetched = await port.fetchImage(url, { maxBytes: settings.maxBytes, etag: previous?.etag, lastModified: previous?.lastModified, signal: ctl.signal });
    if (fetched.notModified) {
      if (!previous) return { ok: false };
      const { id: _id, articleId: _a, alt: _alt, ...kept } = previous;
      ctl.reason('image not modified');
      return { ok: true, ...kept };
    }
    const { record } = fetched;
    const decoded = await decodeImage(record.body);
    const grey = new Integral(decoded);
    return {
      ok: true,
      url: record.finalUrl,
      sha256: record.sha256,
      width: decoded.sourceWidth,
      height: decoded.sourceHeight,
      hashes: originalHashes(grey).map(simhashToHex),
      thumb: thumbnail(grey),
      etag: record.headers.etag ?? null,
      lastModified: record.headers['last-modified'] ?? null,
      fetchedAt: record.capturedAt,
    };
  } catch (error) {
    if (error instanceof ImageRejected) ctl.reason(`image refused: ${error.reason}`);
    else if (isCopywatchError(error)) ctl.reason(`image failed: ${error.code}`);
    else if (!ctl.signal.aborted) throw error;
    return { ok: false };
  }
}

/** Template image URLs kept per host (the latest first), so that a run that indexes a few new articles still knows the site's logo. */
const TEMPLATE_KEY = (host: string) => `image-templates:${host}`;
const MAX_TEMPLATES = 500;

async function knownTemplates(store: Store, hosts: string[]): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  for (const host of hosts) {
    let urls: string[] = [];
    try {
      const blob = await store.getBlob(TEMPLATE_KEY(host));
      const parsed: unknown = blob ? JSON.parse(blob.toString('utf8')) : [];
      if (Array.isArray(parsed)) urls = parsed.filter((u): u is string => typeof u === 'string');
    } catch {
      urls = []; // an unreadable list is learned again
    }
    out.set(host, new Set(urls));
  }
  return out;
}

/** Adds this run's template URLs to each host's kept list (newest first, at most MAX_TEMPLATES). */
async function saveTemplates(store: Store, known: Map<string, Set<string>>, byUrl: Map<string, Set<string>>): Promise<void> {
  const found = new Map<string, string[]>();
  for (const [key, articles] of byUrl) {
    if (articles.size < TEMPLATE_PAGES) continue;
    const at = key.indexOf(' ');
    const host = key.slice(0, at);
    const url = key.slice(at + 1);
    if (!known.get(host)?.has(url)) found.set(host, [...(found.get(host) ?? []), url]);
  }
  for (const [host, urls] of found) {
    const list = [...urls, ...(known.get(host) ?? [])].slice(0, MAX_TEMPLATES);
    await store.putBlob(TEMPLATE_KEY(host), Buffer.from(JSON.stringify(list)));
  }
}

/** Collects, hashes and stores the images of a site's articles; returns how many images were kept. */
export async function collectImages(
  ctl: JobControl,
  deps: { store: Store; images: ImagePort; photos: PhotoSettings },
  pending: PendingArticle[],
): Promise<number> {
  const { store, photos } = deps;
  // Template by URL: on TEMPLATE_PAGES or more articles of the same host in this run, or found so by an earlier run.
  // An edition page's picture counts once for its page (it draws several articles; a logo is on every page).
  const refsOf = (a: PendingArticle) => [
    ...a.images.map((ref) => ({ ref, unit: a.articleId })),
    ...(a.editionImages ?? []).map(({ ref, page }) => ({ ref, unit: `edition ${page}` })),
  ];
  const byUrl = new Map<string, Set<string>>();
  for (const a of pending) for (const { ref, unit } of refsOf(a)) byUrl.set(`${a.host} ${ref.url}`, (byUrl.get(`${a.host} ${ref.url}`) ?? new Set()).add(unit));
  const known = await knownTemplates(store, [...new Set(pending.map((a) => a.host))]);
  const template = (host: string, url: string) => known.get(host)!.has(url) || (byUrl.get(`${host} ${url}`)?.size ?? 0) >= TEMPLATE_PAGES;
  await saveTemplates(store, known, byUrl);
  const fetched = new Map<string, Promise<Fetched>>();
  const chosen = new Map<PendingArticle, Array<{ ref: ImageRef; unit: string; image: Fetched }>>();
  // A template image is counted once per page that shows it (an edition page's banner once, not once per article it draws).
  const skipped = new Set<string>();
  for (const a of pending) {
    if (ctl.signal.aborted) return 0;
    const list: Array<{ ref: ImageRef; unit: string; image: Fetched }> = [];
    for (const { ref, unit } of refsOf(a)) {
      if (template(a.host, ref.url)) {
        if (!skipped.has(`${unit} ${ref.url}`)) ctl.reason('image skipped: template');
        skipped.add(`${unit} ${ref.url}`);
        continue;
      }
      if (list.length >= photos.perPage) break;
      let image = fetched.get(ref.url);
      if (!image) fetched.set(ref.url, (image = hashImage(ctl, store, deps.images, photos, ref.url)));
      list.push({ ref, unit, image: await image });
    }
    chosen.set(a, list);
  }
  // Template by bytes: the same image under other URLs (a cache-busting query) on as many articles.
  const bySha = new Map<string, Set<string>>();
  for (const [a, list] of chosen)
    for (const { image, unit } of list) if (image.ok) bySha.set(`${a.host} ${image.sha256}`, (bySha.get(`${a.host} ${image.sha256}`) ?? new Set()).add(unit));
  let kept = 0;
  for (const [a, list] of chosen) {
    if (ctl.signal.aborted) return kept;
    const images: ProtectedImageInput[] = [];
    const urls = new Set<string>();
    for (const { ref, image } of list) {
      if (!image.ok || urls.has(image.url)) continue;
      if ((bySha.get(`${a.host} ${image.sha256}`)?.size ?? 0) >= TEMPLATE_PAGES) {
        ctl.reason('image skipped: template');
        continue;
      }
      const { ok: _ok, ...rest } = image;
      urls.add(image.url);
      images.push({ ...rest, alt: ref.text || null });
    }
    await store.images.replace(a.articleId, images);
    kept += images.length;
    await a.done();
  }
  return kept;
}
