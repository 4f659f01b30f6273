/** What the reports are given. Everything comes in as values: no store, no clock. */
import type { Evidence, Finding, FindingEvent } from '../domain/index.ts';
import type { SiteSummary, StoredArticle } from '../store/ports.ts';

export interface Publisher {
  name: string;
  /** The publisher's copyright notice (版权声明), quoted verbatim when given. */
  notice?: string | null;
}

export interface PublisherContact extends Publisher {
  /** Who signs a notice; what is missing is left as a placeholder to fill in. */
  contact?: { name?: string; email?: string; address?: string } | null;
}

/** The original article: the store's record (only the fields a report shows are needed). */
export type OriginalArticle = Pick<StoredArticle, 'id' | 'url' | 'title' | 'publishedAt' | 'text' | 'lang'> &
  Partial<Pick<StoredArticle, 'byline' | 'credit' | 'source' | 'canonicalUrl' | 'bodySha256'>>;

export interface FindingReportInput {
  finding: Finding;
  original: OriginalArticle;
  /** The capture the finding rests on (finding.evidenceId), or null when none is stored. */
  evidence: Evidence | null;
  /** The finding's audit trail, oldest first. */
  events: FindingEvent[];
  publisher: Publisher;
  /** UTC ISO time the report is made (passed in; the report reads no clock). */
  generatedAt: string;
}

export interface SiteReportInput {
  host: string;
  findings: Finding[];
  summary: SiteSummary;
  publisher: Publisher;
  generatedAt: string;
}

export interface TakedownInput {
  finding: Finding;
  original: OriginalArticle;
  evidence: Evidence | null;
  publisher: PublisherContact;
  lang: 'zh' | 'en';
  /** The notice's date as it should be printed (`2024-05-02`, `2024年5月2日`). */
  date: string;
}
