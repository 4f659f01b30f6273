/** The article_images table's rows, the same in both adapters. */
import { randomBytes } from 'node:crypto';
import type { EvidenceImage, StoredImage } from './ports-images.ts';

export interface ImageRow {
  id: number | string;
  article_id: string;
  url: string;
  sha256: string;
  width: number;
  height: number;
  hashes: string;
  thumb: Uint8Array | null;
  alt: string | null;
  etag: string | null;
  last_modified: string | null;
  fetched_at: string;
}

export const IMAGE_COLUMNS = 'id, article_id, url, sha256, width, height, hashes, thumb, alt, etag, last_modified, fetched_at';

export function imageOf(row: ImageRow): StoredImage {
  return {
    id: Number(row.id),
    articleId: row.article_id,
    url: row.url,
    sha256: row.sha256,
    width: row.width,
    height: row.height,
    hashes: row.hashes.match(/[0-9a-f]{16}/g) ?? [],
    thumb: row.thumb ? new Uint8Array(row.thumb) : null,
    alt: row.alt,
    etag: row.etag,
    lastModified: row.last_modified,
    fetchedAt: row.fetched_at,
  };
}

/** The evidence_images table's rows joined with their blob's size and format. */
export interface EvidenceImageRow {
  finding_id: number | string;
  evidence_id: number | string;
  role: string;
  url: string;
  sha256: string;
  format: string;
  size: number | string;
  stored_at: string;
}

/** The finding's latest image of each role (`$1` the finding id), original first. */
export function evidenceImagesSql(images: string, blobs: string): string {
  return `SELECT i.finding_id, i.evidence_id, i.role, i.url, i.sha256, b.format, b.size, i.stored_at
    FROM ${images} i JOIN ${blobs} b ON b.sha256 = i.sha256
    WHERE i.finding_id = $1 AND i.evidence_id = (SELECT MAX(evidence_id) FROM ${images} x WHERE x.finding_id = i.finding_id AND x.role = i.role)
    ORDER BY CASE i.role WHEN 'original' THEN 0 ELSE 1 END`;
}

export function evidenceImageOf(row: EvidenceImageRow): EvidenceImage {
  return {
    findingId: Number(row.finding_id),
    evidenceId: Number(row.evidence_id),
    role: row.role === 'original' ? 'original' : 'copy',
    url: row.url,
    sha256: row.sha256,
    format: row.format,
    size: Number(row.size),
    storedAt: row.stored_at,
  };
}

/** The blob holding the images' revision token (ImageRepo.revision), written with the images. */
export const IMAGE_REVISION_KEY = 'image-revision';

/** A new revision token (random: two processes never write the same one). */
export function newImageRevision(): Buffer {
  return Buffer.from(randomBytes(12).toString('hex'));
}

/** Whether an article's images change (an image added or dropped, or its hashes changed) from `before` to `after`. */
export function imagesChanged(before: ReadonlyArray<{ url: string; hashes: string }>, after: ReadonlyArray<{ url: string; hashes: string[] }>): boolean {
  if (before.length !== after.length) return true;
  const old = new Map(before.map((i) => [i.url, i.hashes]));
  return after.some((i) => old.get(i.url) !== i.hashes.join(''));
}
