/** Which captured text a finding's suspect offsets point into. */
import type { Evidence, Finding } from '../domain/index.ts';

/** The capture's article text when the copy was found in the page's article, else its page text. */
export function suspectText(finding: Finding, evidence: Evidence | null): string | null {
  if (!evidence) return null;
  return (finding.scope === 'article' ? evidence.articleText : evidence.pageText) ?? null;
}
