/** The publisher's photos: each article's images with their perceptual hashes. */
import type { EvidenceImage, EvidenceImageInput, EvidenceImageRepo, ImageRepo, ProtectedImageInput, StoredImage } from '../ports-images.ts';
import { idBatches, utc } from '../common.ts';
import {
  evidenceImageOf,
  evidenceImagesSql,
  IMAGE_COLUMNS,
  IMAGE_REVISION_KEY,
  imageOf,
  imagesChanged,
  newImageRevision,
  type EvidenceImageRow,
  type ImageRow,
} from '../image-rows.ts';
import type { Connection } from './db.ts';

export class SqliteImages implements ImageRepo {
  constructor(private readonly conn: Connection) {}

  async replace(articleId: string, images: ProtectedImageInput[]): Promise<void> {
    const rows = images.map((i) => ({ ...i, fetchedAt: utc(i.fetchedAt, `the fetch of image ${i.url}`) }));
    this.conn.write(`saving the images of article ${articleId}`, () => {
      const before = this.conn.stmt<{ url: string; hashes: string }>('SELECT url, hashes FROM article_images WHERE article_id = ?').all(articleId);
      if (imagesChanged(before, rows)) {
        this.conn
          .stmt('INSERT INTO blobs (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
          .run(IMAGE_REVISION_KEY, newImageRevision());
      }
      const urls = rows.map((i) => i.url);
      this.conn.stmt(`DELETE FROM article_images WHERE article_id = ? AND url NOT IN (SELECT value FROM json_each(?))`).run(articleId, JSON.stringify(urls));
      const put = this.conn.stmt(
        `INSERT INTO article_images (article_id, url, sha256, width, height, hashes, thumb, alt, etag, last_modified, fetched_at)
        VALUES (@article_id, @url, @sha256, @width, @height, @hashes, @thumb, @alt, @etag, @last_modified, @fetched_at)
        ON CONFLICT (article_id, url) DO UPDATE SET sha256 = excluded.sha256, width = excluded.width, height = excluded.height,
        hashes = excluded.hashes, thumb = excluded.thumb, alt = excluded.alt, etag = excluded.etag, last_modified = excluded.last_modified, fetched_at = excluded.fetched_at`,
      );
      for (const i of rows) {
        put.run({
          article_id: articleId,
          url: i.url,
          sha256: i.sha256,
          width: i.width,
          height: i.height,
          hashes: i.hashes.join(''),
          thumb: i.thumb ? Buffer.from(i.thumb) : null,
          alt: i.alt,
          etag: i.etag,
          last_modified: i.lastModified,
          fetched_at: i.fetchedAt,
        });
      }
    });
  }

  async get(id: number): Promise<StoredImage | null> {
    const row = this.conn.read(`reading image ${id}`, () => this.conn.stmt<ImageRow>(`SELECT ${IMAGE_COLUMNS} FROM article_images WHERE id = ?`).get(id));
    return row ? imageOf(row) : null;
  }

  async byUrl(url: string): Promise<StoredImage | null> {
    const row = this.conn.read(`reading the image at ${url}`, () =>
      this.conn.stmt<ImageRow>(`SELECT ${IMAGE_COLUMNS} FROM article_images WHERE url = ? ORDER BY fetched_at DESC, id DESC LIMIT 1`).get(url),
    );
    return row ? imageOf(row) : null;
  }

  async *all(batchSize = 1000): AsyncIterable<StoredImage[]> {
    const batches = idBatches(batchSize, (after, size) =>
      this.conn.read('reading the images', () =>
        this.conn.stmt<ImageRow & { id: number }>(`SELECT ${IMAGE_COLUMNS} FROM article_images WHERE id > ? ORDER BY id LIMIT ?`).all(after, size),
      ),
    );
    for await (const rows of batches) yield rows.map(imageOf);
  }

  async latestId(): Promise<number> {
    return this.conn.read('reading the latest image id', () => this.conn.stmt<number | null>('SELECT MAX(id) FROM article_images').pluck().get() ?? 0);
  }

  async revision(): Promise<string> {
    const value = this.conn.read("reading the images' revision", () =>
      this.conn.stmt<Buffer>('SELECT value FROM blobs WHERE key = ?').pluck().get(IMAGE_REVISION_KEY),
    );
    return value ? Buffer.from(value).toString() : '';
  }

  async count(): Promise<number> {
    return this.conn.read('counting the images', () => this.conn.stmt<number>('SELECT COUNT(*) FROM article_images').pluck().get() ?? 0);
  }
}

/** Image evidence: bytes once per SHA-256, rows append-only. */
export class SqliteImageEvidence implements EvidenceImageRepo {
  constructor(private readonly conn: Connection) {}

  async add(images: EvidenceImageInput[], at: string): Promise<void> {
    if (!images.length) return;
    const storedAt = utc(at, 'the time image evidence was stored');
    this.conn.write('keeping image evidence', () => {
      const blob = this.conn.stmt('INSERT INTO image_blobs (sha256, bytes, size, format) VALUES (?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING');
      const row = this.conn.stmt(
        'INSERT INTO evidence_images (finding_id, evidence_id, role, url, sha256, stored_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
      );
      for (const i of images) {
        blob.run(i.sha256, i.bytes, i.bytes.length, i.format);
        row.run(i.findingId, i.evidenceId, i.role, i.url, i.sha256, storedAt);
      }
    });
  }

  async ofFinding(findingId: number): Promise<EvidenceImage[]> {
    return this.conn.read(`reading the images of finding ${findingId}`, () =>
      this.conn.stmt<EvidenceImageRow>(evidenceImagesSql('evidence_images', 'image_blobs').replaceAll('$1', '?')).all(findingId).map(evidenceImageOf),
    );
  }

  async bytes(sha256: string): Promise<Buffer | null> {
    return this.conn.read(`reading the image ${sha256}`, () => {
      const row = this.conn.stmt<{ bytes: Buffer }>('SELECT bytes FROM image_blobs WHERE sha256 = ?').get(sha256);
      return row ? Buffer.from(row.bytes) : null;
    });
  }
}
