/** The corpus: the publisher's articles, by URL. */
import type { ArticleFingerprint, ArticleInput, ArticleListFilter, ArticleRepo, Page, StoredArticle } from '../ports.ts';
import { cursorId, idBatches, pageLimit, utc } from '../common.ts';
import { later, rowId, toJson, u32ToBlob } from '../codec.ts';
import {
  ARTICLE_COLUMNS as FULL,
  ARTICLE_SUMMARY_COLUMNS as SUMMARY,
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
import type { Connection } from './db.ts';

export class SqliteArticles implements ArticleRepo {
  constructor(private readonly conn: Connection) {}

  async upsert(input: ArticleInput, at: string): Promise<{ id: string; created: boolean; changed: boolean }> {
    const seen = utc(at, 'the article sighting');
    const chrome = u32ToBlob(input.chrome);
    const fingerprints = u32ToBlob(input.fingerprints);
    const values = {
      url: input.url,
      canonical_url: input.canonicalUrl,
      source: input.source,
      title: input.title,
      byline: input.byline,
      published_at: input.publishedAt,
      credit: input.credit,
      lang: input.lang,
      text: input.text,
      paragraphs: toJson(input.paragraphs),
      notices: toJson(input.notices),
      chrome,
      simhash: input.simhash,
      fingerprints,
      units: input.units,
      content_hash: input.contentHash,
      body_sha256: input.bodySha256,
      seen,
    };
    return this.conn.write(`saving article ${input.url}`, () => {
      const old = this.conn
        .stmt<IndexedContent & { id: number; last_seen: string }>('SELECT id, text, simhash, chrome, fingerprints, last_seen FROM articles WHERE url = ?')
        .get(input.url);
      if (!old) {
        const result = this.conn
          .stmt(
            `INSERT INTO articles (url, canonical_url, source, title, byline, published_at, credit, lang, text, paragraphs,
          notices, chrome, simhash, fingerprints, units, content_hash, body_sha256, first_seen, last_seen)
          VALUES (@url, @canonical_url, @source, @title, @byline, @published_at, @credit, @lang, @text, @paragraphs,
          @notices, @chrome, @simhash, @fingerprints, @units, @content_hash, @body_sha256, @seen, @seen)`,
          )
          .run(values);
        return { id: String(result.lastInsertRowid), created: true, changed: true };
      }
      const changed = contentChanged(old, values);
      this.conn
        .stmt(
          `UPDATE articles SET canonical_url = @canonical_url, source = @source, title = @title, byline = @byline,
        published_at = @published_at, credit = @credit, lang = @lang, text = @text, paragraphs = @paragraphs, notices = @notices,
        chrome = @chrome, simhash = @simhash, fingerprints = @fingerprints, units = @units, content_hash = @content_hash,
        body_sha256 = @body_sha256, last_seen = @last_seen WHERE id = @id`,
        )
        .run({ ...values, last_seen: later(old.last_seen, seen), id: old.id });
      return { id: String(old.id), created: false, changed };
    });
  }

  async get(id: string): Promise<StoredArticle | null> {
    const n = rowId(id);
    if (n === null) return null;
    const row = this.conn.read(`reading article ${id}`, () => this.conn.stmt<ArticleRow>(`SELECT ${FULL} FROM articles WHERE id = ?`).get(n));
    return row ? articleOf(row) : null;
  }

  async list(filter: ArticleListFilter = {}): Promise<Page<ArticleSummary>> {
    const limit = pageLimit(filter.limit);
    const after = filter.cursor ? cursorId('articles', filter.cursor) : 0;
    const rows = this.conn.read('listing articles', () =>
      filter.source === undefined
        ? this.conn.stmt<SummaryRow>(`SELECT ${SUMMARY} FROM articles WHERE id > ? ORDER BY id LIMIT ?`).all(after, limit + 1)
        : this.conn.stmt<SummaryRow>(`SELECT ${SUMMARY} FROM articles WHERE source = ? AND id > ? ORDER BY id LIMIT ?`).all(filter.source, after, limit + 1),
    );
    return articlePage(rows, limit);
  }

  async count(): Promise<number> {
    return this.conn.read('counting articles', () => this.conn.stmt<number>('SELECT COUNT(*) FROM articles').pluck().get() ?? 0);
  }

  async *fingerprints(batchSize = 1000): AsyncIterable<ArticleFingerprint[]> {
    const batches = idBatches(batchSize, (after, size) =>
      this.conn.read('reading article fingerprints', () =>
        this.conn.stmt<FingerprintRow>(`SELECT ${FINGERPRINT_COLUMNS} FROM articles WHERE id > ? ORDER BY id LIMIT ?`).all(after, size),
      ),
    );
    for await (const rows of batches) yield rows.map(fingerprintOf);
  }
}
