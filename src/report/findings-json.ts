/**
 * Findings as JSON: an array, every finding with its fields in one fixed order (the order of the
 * Finding type), times in ISO form, so that two exports of the same findings are byte-identical
 * and diff cleanly.
 */
import type { Finding, FindingFacts, Passage, TextSpan, Violation } from '../domain/index.ts';
import { isoTime } from './format.ts';

function facts(f: FindingFacts): FindingFacts {
  return {
    verdict: f.verdict,
    containment: f.containment,
    matchedChars: f.matchedChars,
    credited: f.credited,
    linksBack: f.linksBack,
    pageMirror: f.pageMirror,
    host: f.host,
    ownedDomain: f.ownedDomain,
    licensee: f.licensee,
    licenseStatus: f.licenseStatus,
    licenseBreaches: [...f.licenseBreaches],
    commercial: { ads: f.commercial.ads, shop: f.commercial.shop, paywall: f.commercial.paywall },
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
