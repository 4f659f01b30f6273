/** The article_images table's rows, the same in both adapters. */
import type { StoredImage } from './ports-images.ts';

export interface ImageRow {
  id: number | string;
  article_id: string;
  url: string;
  sha256: string;
  width: number;
  height: number;
  hashes: string;
  alt: string | null;
  etag: string | null;
  last_modified: string | null;
  fetched_at: string;
}

export const IMAGE_COLUMNS = 'id, article_id, url, sha256, width, height, hashes, alt, etag, last_modified, fetched_at';

export function imageOf(row: ImageRow): StoredImage {
  return {
    id: Number(row.id),
    articleId: row.article_id,
    url: row.url,
    sha256: row.sha256,
    width: row.width,
    height: row.height,
    hashes: row.hashes.match(/[0-9a-f]{16}/g) ?? [],
    alt: row.alt,
    etag: row.etag,
    lastModified: row.last_modified,
    fetchedAt: row.fetched_at,
  };
}
