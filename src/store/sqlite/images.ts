/** The publisher's photos: each article's images with their perceptual hashes. */
import type { ImageRepo, ProtectedImageInput, StoredImage } from '../ports-images.ts';
import { idBatches, utc } from '../common.ts';
import { IMAGE_COLUMNS, imageOf, type ImageRow } from '../image-rows.ts';
import type { Connection } from './db.ts';

export class SqliteImages implements ImageRepo {
  constructor(private readonly conn: Connection) {}

  async replace(articleId: string, images: ProtectedImageInput[]): Promise<void> {
    const rows = images.map((i) => ({ ...i, fetchedAt: utc(i.fetchedAt, `the fetch of image ${i.url}`) }));
    this.conn.write(`saving the images of article ${articleId}`, () => {
      const urls = rows.map((i) => i.url);
      this.conn.stmt(`DELETE FROM article_images WHERE article_id = ? AND url NOT IN (SELECT value FROM json_each(?))`).run(articleId, JSON.stringify(urls));
      const put = this.conn.stmt(
        `INSERT INTO article_images (article_id, url, sha256, width, height, hashes, alt, etag, last_modified, fetched_at)
        VALUES (@article_id, @url, @sha256, @width, @height, @hashes, @alt, @etag, @last_modified, @fetched_at)
        ON CONFLICT (article_id, url) DO UPDATE SET sha256 = excluded.sha256, width = excluded.width, height = excluded.height,
        hashes = excluded.hashes, alt = excluded.alt, etag = excluded.etag, last_modified = excluded.last_modified, fetched_at = excluded.fetched_at`,
      );
      for (const i of rows) {
        put.run({
          article_id: articleId,
          url: i.url,
          sha256: i.sha256,
          width: i.width,
          height: i.height,
          hashes: i.hashes.join(''),
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

  async count(): Promise<number> {
    return this.conn.read('counting the images', () => this.conn.stmt<number>('SELECT COUNT(*) FROM article_images').pluck().get() ?? 0);
  }
}
