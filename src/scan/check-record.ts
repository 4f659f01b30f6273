/**
 * The record of a manual check, the one shape `copywatch check --json` prints and `POST /api/check`
 * answers (documented in the README): the page, what it holds, every match with the original's
 * title and URL, and the findings it recorded.
 */
import { findingKindOf } from '../domain/index.ts';
import { findingRecord, safeHref } from '../report/index.ts';
import type { App } from './app.ts';
import type { CheckResult } from './jobs.ts';

export async function checkRecord(app: App, result: CheckResult) {
  const { judgement } = result;
  const all = [...judgement.findings, ...judgement.allowed];
  const originals = new Map(
    await Promise.all([...new Set(all.map((j) => j.match.articleId))].map(async (id) => [id, await app.store.articles.get(id)] as const)),
  );
  const extraction = judgement.extraction;
  return {
    url: result.url,
    href: safeHref(result.url),
    scan: result.scan,
    article: extraction.ok
      ? { title: extraction.article.title, credit: extraction.article.credit, lang: extraction.article.lang, chars: extraction.article.text.length }
      : null,
    reason: extraction.ok ? null : { code: extraction.reason, message: extraction.message },
    matches: all.map((j) => {
      // The facts carry the comparison's verdict, shares and credit signals as the rules judged them.
      const { verdict, containment, matchedChars, credited, linksBack, pageMirror, licensee, ownedDomain } = j.facts;
      const original = originals.get(j.match.articleId);
      return {
        kind: findingKindOf(j.facts),
        articleId: j.match.articleId,
        articleUrl: original?.url ?? null,
        articleTitle: original?.title ?? null,
        verdict,
        containment,
        matchedChars,
        credited,
        linksBack,
        pageMirror,
        scope: j.match.comparison.scope,
        teaser: j.match.comparison.teaser,
        severity: j.severity,
        allowed: j.violations.length === 0,
        licensee,
        ownedDomain,
        violations: j.violations,
        // The publisher's photo on the page (both images, distance, region, changes, credit), or null.
        image: j.facts.image ?? null,
      };
    }),
    findings: result.findings.map(findingRecord),
  };
}
