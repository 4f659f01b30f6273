/**
 * What reports are made from, read from the store and the config: the same for the CLI's
 * `report` and the API's `/api/reports`.
 */
import type { LoadedConfig } from '../config/index.ts';
import type { Finding } from '../domain/index.ts';
import type { OriginalArticle, PublisherContact } from '../report/index.ts';
import type { FindingFilter, Store } from '../store/ports.ts';

/** Every finding that passes the filter (paged through the store), up to `limit`. */
export async function allFindings(store: Store, filter: FindingFilter, limit = Infinity): Promise<Finding[]> {
  const out: Finding[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.findings.list({ ...filter, cursor, limit: Math.min(500, limit - out.length) });
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && out.length < limit);
  return out;
}

/** The finding's original as stored, or what the finding itself remembers of it (an article since removed). */
export async function originalOf(store: Store, finding: Finding): Promise<OriginalArticle> {
  return (await store.articles.get(finding.articleId))
    ?? { id: finding.articleId, url: finding.articleUrl, title: finding.articleTitle, publishedAt: null, text: '', lang: 'und' };
}

/** The publisher as reports and takedown notices name it. */
export function publisherOf(config: LoadedConfig): PublisherContact {
  const p = config.publisher;
  return { name: p.name, notice: p.notice, contact: p.contact };
}
