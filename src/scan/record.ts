/** Writes what a judged page proves: its evidence (once per page) and one finding per original. */
import type { DiscoveredBy, Finding } from '../domain/index.ts';
import type { Store } from '../store/ports.ts';
import type { Corpus } from './corpus.ts';
import { warcOfCapture } from './capture-warc.ts';
import { takeScreenshot, type EvidenceExtras } from './evidence-extras.ts';
import { hostOf, type Capture, type Judgement } from './judge.ts';
import { keepPhotoEvidence } from './photo-evidence.ts';

export interface Recorded {
  created: Finding[];
  updated: Finding[];
  reopened: Finding[];
}

/** `discoveredBy`: the search that proposed the page (discovery), kept in the finding's facts. */
export async function recordFindings(
  store: Store,
  corpus: Corpus,
  capture: Capture,
  judgement: Judgement,
  actor: string,
  discoveredBy?: DiscoveredBy,
  extras?: EvidenceExtras,
): Promise<Recorded> {
  const out: Recorded = { created: [], updated: [], reopened: [] };
  if (!judgement.findings.length || !judgement.extraction.ok) return out;
  const { body, contentType: _type, links: _links, wire: _wire, ...fetched } = capture;
  const shot = await takeScreenshot(extras, capture.finalUrl);
  const fetchWarc = await warcOfCapture(capture);
  const evidenceId = await store.evidence.add({
    ...fetched,
    ...shot,
    size: body.length,
    articleText: judgement.extraction.article.text,
    pageText: judgement.prepared?.pageText ?? null,
    note: null,
    body,
    fetchWarc,
  });
  await extras?.stamp?.(evidenceId, [
    { what: 'body', sha256: capture.sha256 },
    ...(shot.screenshot?.sha256 ? [{ what: 'screenshot' as const, sha256: shot.screenshot.sha256 }] : []),
  ]);
  for (const j of judgement.findings) {
    const original = await corpus.original(j.match.articleId);
    const { finding, created, reopened } = await store.findings.upsert(
      {
        articleId: j.match.articleId,
        articleUrl: original?.article.url ?? '',
        articleTitle: original?.article.title ?? null,
        url: capture.finalUrl,
        host: hostOf(capture.finalUrl),
        verdict: j.match.comparison.verdict,
        containment: j.match.comparison.containment,
        matchedChars: j.match.comparison.matchedChars,
        facts: discoveredBy ? { ...j.facts, discoveredBy } : j.facts,
        violations: j.violations,
        severity: j.severity,
        evidenceId,
        passages: j.match.comparison.passages,
        scope: j.match.comparison.scope,
      },
      capture.capturedAt,
      actor,
    );
    if (j.photo) await keepPhotoEvidence(store, finding.id, evidenceId, j.photo, capture.capturedAt);
    (created ? out.created : reopened ? out.reopened : out.updated).push(finding);
  }
  return out;
}
