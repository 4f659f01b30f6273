/** The publisher's photos: each article's images with their perceptual hashes. */
import type { ImageRepo, ProtectedImageInput, StoredImage } from '../ports-images.ts';
import { idBatches, utc } from '../common.ts';
import { IMAGE_COLUMNS, imageOf, type ImageRow } from '../image-rows.ts';
import type { PgConnection } from './db.ts';

export class PgImages implements ImageRepo {
  private readonly t: string;

  constructor(private readonly conn: PgConnection) {
    this.t = conn.table('article_images');
  }

  async replace(articleId: string, images: ProtectedImageInput[]): Promise<void> {
    const rows = images.map((i) => ({ ...i, fetchedAt: utc(i.fetchedAt, `the fetch of image ${i.url}`) }));
    await this.conn.write(`saving the images of article ${articleId}`, async (tx) => {
      await tx.run(`DELETE FROM ${this.t} WHERE article_id = $1 AND NOT (url = ANY($2::text[]))`, [articleId, rows.map((i) => i.url)]);
      for (const i of rows) {
        await tx.run(
          `INSERT INTO ${this.t} (article_id, url, sha256, width, height, hashes, alt, etag, last_modified, fetched_at)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
          ON CONFLICT (article_id, url) DO UPDATE SET sha256 = excluded.sha256, width = excluded.width, height = excluded.height,
          hashes = excluded.hashes, alt = excluded.alt, etag = excluded.etag, last_modified = excluded.last_modified, fetched_at = excluded.fetched_at`,
          [articleId, i.url, i.sha256, i.width, i.height, i.hashes.join(''), i.alt, i.etag, i.lastModified, i.fetchedAt],
        );
      }
    });
  }

  async get(id: number): Promise<StoredImage | null> {
    if (!Number.isSafeInteger(id)) return null;
    const row = await this.conn.row<ImageRow>(`reading image ${id}`, `SELECT ${IMAGE_COLUMNS} FROM ${this.t} WHERE id = $1`, [id]);
    return row ? imageOf(row) : null;
  }

  async byUrl(url: string): Promise<StoredImage | null> {
    const row = await this.conn.row<ImageRow>(
      `reading the image at ${url}`,
      `SELECT ${IMAGE_COLUMNS} FROM ${this.t} WHERE url = $1 ORDER BY fetched_at DESC, id DESC LIMIT 1`,
      [url],
    );
    return row ? imageOf(row) : null;
  }

  async *all(batchSize = 1000): AsyncIterable<StoredImage[]> {
    const batches = idBatches(batchSize, async (after, size) =>
      (await this.conn.rows<ImageRow>('reading the images', `SELECT ${IMAGE_COLUMNS} FROM ${this.t} WHERE id > $1 ORDER BY id LIMIT $2`, [after, size])).map(
        imageOf,
      ),
    );
    for await (const rows of batches) yield rows;
  }

  async latestId(): Promise<number> {
    const row = await this.conn.row<{ n: string | null }>('reading the latest image id', `SELECT MAX(id) AS n FROM ${this.t}`);
    return Number(row?.n ?? 0);
  }

  async count(): Promise<number> {
    const row = await this.conn.row<{ n: string }>('counting the images', `SELECT COUNT(*) AS n FROM ${this.t}`);
    return Number(row?.n ?? 0);
  }
}
