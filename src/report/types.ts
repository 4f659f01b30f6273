/** What the reports are given. Everything comes in as values: no store, no clock. */
import type { Evidence, Finding, FindingEvent, SiteSummary } from '../domain/index.ts';

interface Publisher {
  name: string;
  /** The publisher's copyright notice (版权声明), quoted verbatim when given. */
  notice?: string | null;
}

export interface PublisherContact extends Publisher {
  /** Who signs a notice; what is missing is left as a placeholder to fill in. */
  contact?: { name?: string; email?: string; address?: string } | null;
}

/** The original article: the fields of the store's record a report shows (the store's record fits it). */
export interface OriginalArticle {
  id: string;
  url: string;
  title: string | null;
  publishedAt: string | null;
  text: string;
  lang: string;
  byline?: string | null;
  credit?: string | null;
  /** The source (site name in the config) it was indexed from. */
  source?: string;
  canonicalUrl?: string | null;
  /** SHA-256 of the page body it was extracted from. */
  bodySha256?: string;
}

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
  /** An image finding's two images as kept as evidence, drawn in its Photo section. */
  images?: ReportImage[];
}

/** A kept image: its role, the format decoded when it was kept, its SHA-256 and bytes. */
export interface ReportImage {
  role: 'original' | 'copy';
  format: string;
  sha256: string;
  bytes: Uint8Array;
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
  /**
   * Every capture of the finding (the one it rests on and those its audit trail names), oldest
   * first: the notice cites each one's time and SHA-256. Absent: only `evidence` is cited.
   */
  captures?: Evidence[];
  /** The RFC 3161 Time-Stamp Authority's URL (`evidence.tsa.url`) that stamps the evidence bundle at export, when configured. */
  tsaUrl?: string | null;
  lang: 'zh' | 'en';
  /** The notice's date as it should be printed (`2024-05-02`, `2024年5月2日`). */
  date: string;
}
