/** The corpus: the publisher's articles, by URL. */
import type { ArticleFingerprint, ArticleInput, ArticleListFilter, ArticleRepo, Page, StoredArticle } from '../ports.ts';
import { cursorId, encodeCursor, pageLimit, utc } from '../common.ts';
import { blobToU32, later, rowId, toJson, u32ToBlob } from '../codec.ts';
import { ARTICLE_COLUMNS as FULL, ARTICLE_SUMMARY_COLUMNS as SUMMARY, articleOf, summaryOf, type ArticleRow, type ArticleSummary, type SummaryRow } from '../rows.ts';
import type { Connection } from './db.ts';

export class SqliteArticles implements ArticleRepo {
  constructor(private readonly conn: Connection) {}

  async upsert(input: ArticleInput, at: string): Promise<{ id: string; created: boolean; changed: boolean }> {
    const seen = utc(at, 'the article sighting');
    const chrome = u32ToBlob(input.chrome);
    const fingerprints = u32ToBlob(input.fingerprints);
    const values = {
      url: input.url, canonical_url: input.canonicalUrl, source: input.source, title: input.title, byline: input.byline,
      published_at: input.publishedAt, credit: input.credit, lang: input.lang, text: input.text,
      paragraphs: toJson(input.paragraphs), notices: toJson(input.notices), chrome, simhash: input.simhash, fingerprints,
      units: input.units, content_hash: input.contentHash, body_sha256: input.bodySha256, seen,
    };
    return this.conn.write(`saving article ${input.url}`, () => {
      const old = this.conn.stmt<{ id: number; text: string; simhash: string; chrome: Buffer; fingerprints: Buffer; last_seen: string }>(
        'SELECT id, text, simhash, chrome, fingerprints, last_seen FROM articles WHERE url = ?').get(input.url);
      if (!old) {
        const result = this.conn.stmt(`INSERT INTO articles (url, canonical_url, source, title, byline, published_at, credit, lang, text, paragraphs,
          notices, chrome, simhash, fingerprints, units, content_hash, body_sha256, first_seen, last_seen)
          VALUES (@url, @canonical_url, @source, @title, @byline, @published_at, @credit, @lang, @text, @paragraphs,
          @notices, @chrome, @simhash, @fingerprints, @units, @content_hash, @body_sha256, @seen, @seen)`).run(values);
        return { id: String(result.lastInsertRowid), created: true, changed: true };
      }
      // What the corpus index and the verification use: the text, its fingerprints, the chrome.
      const changed = old.text !== input.text || old.simhash !== input.simhash || !old.fingerprints.equals(fingerprints) || !old.chrome.equals(chrome);
      this.conn.stmt(`UPDATE articles SET canonical_url = @canonical_url, source = @source, title = @title, byline = @byline,
        published_at = @published_at, credit = @credit, lang = @lang, text = @text, paragraphs = @paragraphs, notices = @notices,
        chrome = @chrome, simhash = @simhash, fingerprints = @fingerprints, units = @units, content_hash = @content_hash,
        body_sha256 = @body_sha256, last_seen = @last_seen WHERE id = @id`).run({ ...values, last_seen: later(old.last_seen, seen), id: old.id });
      return { id: String(old.id), created: false, changed };
    });
  }

  async get(id: string): Promise<StoredArticle | null> {
    const n = rowId(id);
    if (n === null) return null;
    const row = this.conn.read(`reading article ${id}`, () => this.conn.stmt<ArticleRow>(`SELECT ${FULL} FROM articles WHERE id = ?`).get(n));
    return row ? articleOf(row) : null;
  }

  async getByUrl(url: string): Promise<StoredArticle | null> {
    const row = this.conn.read(`reading article ${url}`, () => this.conn.stmt<ArticleRow>(`SELECT ${FULL} FROM articles WHERE url = ?`).get(url));
    return row ? articleOf(row) : null;
  }

  async list(filter: ArticleListFilter = {}): Promise<Page<ArticleSummary>> {
    const limit = pageLimit(filter.limit);
    const after = filter.cursor ? cursorId('articles', filter.cursor) : 0;
    const rows = this.conn.read('listing articles', () => filter.source === undefined
      ? this.conn.stmt<SummaryRow>(`SELECT ${SUMMARY} FROM articles WHERE id > ? ORDER BY id LIMIT ?`).all(after, limit + 1)
      : this.conn.stmt<SummaryRow>(`SELECT ${SUMMARY} FROM articles WHERE source = ? AND id > ? ORDER BY id LIMIT ?`).all(filter.source, after, limit + 1));
    const items = rows.slice(0, limit).map(summaryOf);
    const last = items.at(-1);
    return { items, nextCursor: rows.length > limit && last ? encodeCursor('articles', [Number(last.id)]) : null };
  }

  async count(): Promise<number> {
    return this.conn.read('counting articles', () => this.conn.stmt<number>('SELECT COUNT(*) FROM articles').pluck().get() ?? 0);
  }

  async *fingerprints(batchSize = 1000): AsyncIterable<ArticleFingerprint[]> {
    const size = Math.max(1, Math.floor(batchSize));
    let after = 0;
    for (;;) {
      const rows = this.conn.read('reading article fingerprints', () => this.conn.stmt<{ id: number; simhash: string; fingerprints: Buffer; units: number; content_hash: number }>(
        'SELECT id, simhash, fingerprints, units, content_hash FROM articles WHERE id > ? ORDER BY id LIMIT ?').all(after, size));
      if (!rows.length) return;
      after = rows[rows.length - 1].id;
      yield rows.map((r) => ({
        id: String(r.id), simhash: r.simhash, fingerprints: blobToU32(r.fingerprints, `the fingerprints of article ${r.id}`), units: r.units, contentHash: r.content_hash,
      }));
      if (rows.length < size) return;
    }
  }

  async remove(id: string): Promise<boolean> {
    const n = rowId(id);
    if (n === null) return false;
    return this.conn.write(`removing article ${id}`, () => this.conn.stmt('DELETE FROM articles WHERE id = ?').run(n).changes > 0);
  }
}
