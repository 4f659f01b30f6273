/**
 * Findings as JSON: an array, every finding with its fields in one fixed order (the order of the
 * Finding type), times in ISO form, so that two exports of the same findings are byte-identical
 * and diff cleanly.
 */
import type { Evidence, Finding, FindingEvent, FindingFacts, ImageMatchFacts, Passage, TextSpan, Violation } from '../domain/index.ts';
import type { OriginalArticle } from './types.ts';
import { isoTime } from './format.ts';

function facts(f: FindingFacts): FindingFacts {
  return {
    verdict: f.verdict,
    containment: f.containment,
    matchedChars: f.matchedChars,
    credited: f.credited,
    linksBack: f.linksBack,
    pageMirror: f.pageMirror,
    ...(f.teaser !== undefined ? { teaser: f.teaser } : {}),
    host: f.host,
    ownedDomain: f.ownedDomain,
    licensee: f.licensee,
    licenseStatus: f.licenseStatus,
    licenseBreaches: [...f.licenseBreaches],
    commercial: { ads: f.commercial.ads, shop: f.commercial.shop, paywall: f.commercial.paywall },
    ...(f.discoveredBy ? { discoveredBy: { provider: f.discoveredBy.provider, query: f.discoveredBy.query, at: isoTime(f.discoveredBy.at) } } : {}),
    ...(f.image ? { image: imageFacts(f.image) } : {}),
  };
}

function imageFacts(i: ImageMatchFacts): ImageMatchFacts {
  const side = (s: ImageMatchFacts['original']) => ({ url: s.url, sha256: s.sha256, width: s.width, height: s.height });
  return {
    original: side(i.original),
    copy: side(i.copy),
    distance: i.distance,
    region: { x: i.region.x, y: i.region.y, w: i.region.w, h: i.region.h },
    transforms: [...i.transforms],
    credited: i.credited,
  };
}

function violation(v: Violation): Violation {
  return {
    ruleId: v.ruleId,
    title: v.title,
    severity: v.severity,
    clause: v.clause,
    advice: v.advice,
    ...(v.term !== undefined ? { term: v.term } : {}),
  };
}

const span = (s: TextSpan): TextSpan => ({ start: s.start, end: s.end, text: s.text });
const passage = (p: Passage): Passage => ({ original: span(p.original), suspect: span(p.suspect) });

/** One finding with its fields in the stable order (extra properties are left out). */
export function findingRecord(f: Finding): Finding {
  return {
    id: f.id,
    kind: f.kind,
    articleId: f.articleId,
    articleUrl: f.articleUrl,
    articleTitle: f.articleTitle,
    url: f.url,
    host: f.host,
    verdict: f.verdict,
    containment: f.containment,
    matchedChars: f.matchedChars,
    facts: facts(f.facts),
    violations: f.violations.map(violation),
    severity: f.severity,
    status: f.status,
    firstSeen: isoTime(f.firstSeen),
    lastSeen: isoTime(f.lastSeen),
    evidenceId: f.evidenceId,
    passages: f.passages.map(passage),
    scope: f.scope,
  };
}

/** The findings as a JSON array (two-space indent, trailing newline); `JSON.parse` gives them back. */
export function findingsToJson(findings: Finding[]): string {
  return `${JSON.stringify(findings.map(findingRecord), null, 2)}\n`;
}

/**
 * One finding with what proves it, as one JSON document: the finding, its original, the capture
 * it rests on (without the body: the evidence report and the store keep it) and its audit trail,
 * oldest first. What `report --format json --finding ID` and the dashboard's download give.
 */
export function findingDossierToJson(input: { finding: Finding; original: OriginalArticle; evidence: Evidence | null; events: FindingEvent[] }): string {
  const { finding, original, evidence, events } = input;
  const dossier = {
    finding: findingRecord(finding),
    original: { id: original.id, url: original.url, title: original.title, publishedAt: original.publishedAt, lang: original.lang },
    evidence: evidence && {
      id: evidence.id,
      requestedUrl: evidence.requestedUrl,
      finalUrl: evidence.finalUrl,
      redirects: [...evidence.redirects],
      status: evidence.status,
      headers: { ...evidence.headers },
      capturedAt: isoTime(evidence.capturedAt),
      remoteAddress: evidence.remoteAddress,
      sha256: evidence.sha256,
      size: evidence.size,
      note: evidence.note,
      warc: evidence.warc ? { ...evidence.warc } : null,
    },
    events: events.map((e) => ({ at: isoTime(e.at), actor: e.actor, from: e.from, to: e.to, note: e.note, evidenceId: e.evidenceId })),
  };
  return `${JSON.stringify(dossier, null, 2)}\n`;
}
