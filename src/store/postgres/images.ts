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
import type { PgConnection } from './db.ts';

export class PgImages implements ImageRepo {
  private readonly t: string;
  private readonly blobs: string;

  constructor(private readonly conn: PgConnection) {
    this.t = conn.table('article_images');
    this.blobs = conn.table('blobs');
  }

  async replace(articleId: string, images: ProtectedImageInput[]): Promise<void> {
    const rows = images.map((i) => ({ ...i, fetchedAt: utc(i.fetchedAt, `the fetch of image ${i.url}`) }));
    await this.conn.write(`saving the images of article ${articleId}`, async (tx) => {
      // The article's rows are locked first: two runs replacing one article's images see each other's.
      const before = await tx.rows<{ url: string; hashes: string }>(`SELECT url, hashes FROM ${this.t} WHERE article_id = $1 FOR UPDATE`, [articleId]);
      if (imagesChanged(before, rows)) {
        await tx.run(`INSERT INTO ${this.blobs} (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [
          IMAGE_REVISION_KEY,
          newImageRevision(),
        ]);
      }
      await tx.run(`DELETE FROM ${this.t} WHERE article_id = $1 AND NOT (url = ANY($2::text[]))`, [articleId, rows.map((i) => i.url)]);
      for (const i of rows) {
        await tx.run(
          `INSERT INTO ${this.t} (article_id, url, sha256, width, height, hashes, thumb, alt, etag, last_modified, fetched_at)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
          ON CONFLICT (article_id, url) DO UPDATE SET sha256 = excluded.sha256, width = excluded.width, height = excluded.height,
          hashes = excluded.hashes, thumb = excluded.thumb, alt = excluded.alt, etag = excluded.etag, last_modified = excluded.last_modified, fetched_at = excluded.fetched_at`,
          [articleId, i.url, i.sha256, i.width, i.height, i.hashes.join(''), i.thumb ? Buffer.from(i.thumb) : null, i.alt, i.etag, i.lastModified, i.fetchedAt],
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

  async revision(): Promise<string> {
    const row = await this.conn.row<{ value: Buffer }>("reading the images' revision", `SELECT value FROM ${this.blobs} WHERE key = $1`, [IMAGE_REVISION_KEY]);
    return row ? row.value.toString() : '';
  }

  async count(): Promise<number> {
    const row = await this.conn.row<{ n: string }>('counting the images', `SELECT COUNT(*) AS n FROM ${this.t}`);
    return Number(row?.n ?? 0);
  }
}

/** Image evidence: bytes once per SHA-256, rows append-only. */
export class PgImageEvidence implements EvidenceImageRepo {
  private readonly i: string;
  private readonly b: string;

  constructor(private readonly conn: PgConnection) {
    this.i = conn.table('evidence_images');
    this.b = conn.table('image_blobs');
  }

  async add(images: EvidenceImageInput[], at: string): Promise<void> {
    if (!images.length) return;
    const storedAt = utc(at, 'the time image evidence was stored');
    await this.conn.write('keeping image evidence', async (tx) => {
      for (const i of images) {
        await tx.run(`INSERT INTO ${this.b} (sha256, bytes, size, format) VALUES ($1, $2, $3, $4) ON CONFLICT (sha256) DO NOTHING`, [
          i.sha256,
          i.bytes,
          i.bytes.length,
          i.format,
        ]);
        await tx.run(`INSERT INTO ${this.i} (finding_id, evidence_id, role, url, sha256, stored_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`, [
          i.findingId,
          i.evidenceId,
          i.role,
          i.url,
          i.sha256,
          storedAt,
        ]);
      }
    });
  }

  async ofFinding(findingId: number): Promise<EvidenceImage[]> {
    if (!Number.isSafeInteger(findingId)) return [];
    const rows = await this.conn.rows<EvidenceImageRow>(`reading the images of finding ${findingId}`, evidenceImagesSql(this.i, this.b), [findingId]);
    return rows.map(evidenceImageOf);
  }

  async bytes(sha256: string): Promise<Buffer | null> {
    const row = await this.conn.row<{ bytes: Buffer }>(`reading the image ${sha256}`, `SELECT bytes FROM ${this.b} WHERE sha256 = $1`, [sha256]);
    return row ? Buffer.from(row.bytes) : null;
  }
}
