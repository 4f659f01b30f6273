/** The corpus: the publisher's articles, by URL. */
import { CopywatchError } from '../../domain/index.ts';
import type { ArticleFingerprint, ArticleInput, ArticleListFilter, ArticleRepo, Page, StoredArticle } from '../ports.ts';
import { cursorId, idBatches, pageLimit, utc } from '../common.ts';
import { later, rowId, toJson, u32ToBlob } from '../codec.ts';
import {
  ARTICLE_COLUMNS,
  ARTICLE_SUMMARY_COLUMNS,
  FINGERPRINT_COLUMNS,
  articleOf,
  articlePage,
  contentChanged,
  fingerprintOf,
  type ArticleRow,
  type ArticleSummary,
  type FingerprintRow,
  type IndexedContent,
  type SummaryRow,
} from '../rows.ts';
import { storedText, type PgConnection } from './db.ts';

type OldRow = IndexedContent & { id: number; last_seen: string };

export class PgArticles implements ArticleRepo {
  private readonly t: string;

  constructor(private readonly conn: PgConnection) {
    this.t = conn.table('articles');
  }

  async upsert(input: ArticleInput, at: string): Promise<{ id: string; created: boolean; changed: boolean }> {
    const seen = utc(at, 'the article sighting');
    const chrome = u32ToBlob(input.chrome);
    const fingerprints = u32ToBlob(input.fingerprints);
    // $1..$17, in the order of the columns below; $18 is the sighting (or the later lastSeen).
    const values = [
      input.url,
      input.canonicalUrl,
      input.source,
      input.title,
      input.byline,
      input.publishedAt,
      input.credit,
      input.lang,
      input.text,
      toJson(input.paragraphs),
      toJson(input.notices),
      chrome,
      input.simhash,
      fingerprints,
      input.units,
      input.contentHash,
      input.bodySha256,
    ];
    const select = `SELECT id, text, simhash, chrome, fingerprints, last_seen FROM ${this.t} WHERE url = $1 FOR UPDATE`;
    return this.conn.write(`saving article ${input.url}`, async (tx) => {
      let old = await tx.row<OldRow>(select, [input.url]);
      if (!old) {
        const inserted = await tx.row<{ id: number }>(
          `INSERT INTO ${this.t} (url, canonical_url, source, title, byline, published_at, credit, lang, text,
          paragraphs, notices, chrome, simhash, fingerprints, units, content_hash, body_sha256, first_seen, last_seen)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18)
          ON CONFLICT (url) DO NOTHING RETURNING id`,
          [...values, seen],
        );
        if (inserted) return { id: String(inserted.id), created: true, changed: true };
        // Another process stored this URL meanwhile: update its row like any other sighting.
        old = await tx.row<OldRow>(select, [input.url]);
        if (!old) throw new CopywatchError('INTERNAL', `article ${input.url} is neither insertable nor there`);
      }
      const changed = contentChanged(old, { text: storedText(input.text), simhash: input.simhash, chrome, fingerprints });
      await tx.run(
        `UPDATE ${this.t} SET canonical_url = $2, source = $3, title = $4, byline = $5, published_at = $6, credit = $7, lang = $8,
        text = $9, paragraphs = $10, notices = $11, chrome = $12, simhash = $13, fingerprints = $14, units = $15, content_hash = $16,
        body_sha256 = $17, last_seen = $18, rev = CASE WHEN $20 THEN nextval('"${this.conn.schema}".articles_rev') ELSE rev END
        WHERE id = $19 AND url = $1`,
        [...values, later(old.last_seen, seen), old.id, changed],
      );
      return { id: String(old.id), created: false, changed };
    });
  }

  async get(id: string): Promise<StoredArticle | null> {
    const n = rowId(id);
    if (n === null) return null;
    const row = await this.conn.row<ArticleRow>(`reading article ${id}`, `SELECT ${ARTICLE_COLUMNS} FROM ${this.t} WHERE id = $1`, [n]);
    return row ? articleOf(row) : null;
  }

  async list(filter: ArticleListFilter = {}): Promise<Page<ArticleSummary>> {
    const limit = pageLimit(filter.limit);
    const after = filter.cursor ? cursorId('articles', filter.cursor) : 0;
    const rows =
      filter.source === undefined
        ? await this.conn.rows<SummaryRow>('listing articles', `SELECT ${ARTICLE_SUMMARY_COLUMNS} FROM ${this.t} WHERE id > $1 ORDER BY id LIMIT $2`, [
            after,
            limit + 1,
          ])
        : await this.conn.rows<SummaryRow>(
            'listing articles',
            `SELECT ${ARTICLE_SUMMARY_COLUMNS} FROM ${this.t} WHERE source = $1 AND id > $2 ORDER BY id LIMIT $3`,
            [filter.source, after, limit + 1],
          );
    return articlePage(rows, limit);
  }

  async count(): Promise<number> {
    return (await this.conn.row<{ n: number }>('counting articles', `SELECT COUNT(*) AS n FROM ${this.t}`))?.n ?? 0;
  }

  async *fingerprints(batchSize = 1000): AsyncIterable<ArticleFingerprint[]> {
    const batches = idBatches(batchSize, (after, size) =>
      this.conn.rows<FingerprintRow>('reading article fingerprints', `SELECT ${FINGERPRINT_COLUMNS} FROM ${this.t} WHERE id > $1 ORDER BY id LIMIT $2`, [
        after,
        size,
      ]),
    );
    for await (const rows of batches) yield rows.map(fingerprintOf);
  }
}
