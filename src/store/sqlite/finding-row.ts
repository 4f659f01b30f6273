/** A findings row and the Finding it holds. */
import type { Finding, FindingFacts, FindingStatus, Passage, Severity, Verdict, Violation } from '../../domain/index.ts';
import { fromJson } from './codec.ts';

export interface FindingRow {
  id: number;
  article_id: string;
  article_url: string;
  article_title: string | null;
  url: string;
  host: string;
  verdict: string;
  containment: number;
  matched_chars: number;
  facts: string;
  violations: string;
  severity: string;
  severity_rank: number;
  status: string;
  first_seen: string;
  last_seen: string;
  evidence_id: number | null;
  passages: string;
  scope: string;
}

export function findingOf(row: FindingRow): Finding {
  return {
    id: row.id, articleId: row.article_id, articleUrl: row.article_url, articleTitle: row.article_title, url: row.url, host: row.host,
    verdict: row.verdict as Verdict, containment: row.containment, matchedChars: row.matched_chars, facts: fromJson<FindingFacts>(row.facts),
    violations: fromJson<Violation[]>(row.violations), severity: row.severity as Severity, status: row.status as FindingStatus,
    firstSeen: row.first_seen, lastSeen: row.last_seen, evidenceId: row.evidence_id, passages: fromJson<Passage[]>(row.passages),
    scope: row.scope as Finding['scope'],
  };
}
