/**
 * The page's photos through the rules: each original photo found on the page (photos.ts) joins
 * the finding of its article when the page copies that article's text too (one finding, kind
 * `text+image`), or makes a finding of its own (kind `image`: no text verdict, the photo as
 * evidence). Either way the rules are evaluated again with the photo's facts.
 */
import type { Comparison, Extraction, ImageMatchFacts } from '../domain/index.ts';
import { hostMatches, photoCredited, transformsOf } from '../match/index.ts';
import { buildFacts, evaluateRules, maxSeverity, type FactContext } from '../rules/index.ts';
import type { JudgeSettings, JudgedMatch } from './judge.ts';
import type { PhotoHit, PhotoMatcher } from './photos.ts';

/** The comparison of a page that copies a photo and none of its article's text. */
function photoOnly(credited: boolean, linksBack: boolean): Comparison {
  return {
    verdict: 'none',
    containment: 0,
    matchedChars: 0,
    simhashDistance: 64,
    passages: [],
    credited,
    pageMirror: false,
    linksBack,
    scope: 'page',
    teaser: false,
  };
}

function imageFacts(hit: PhotoHit, credited: boolean): ImageMatchFacts {
  const { original, copy } = hit;
  return {
    original: { url: original.url, sha256: original.sha256, width: original.width, height: original.height },
    copy,
    distance: hit.distance,
    region: hit.region,
    transforms: transformsOf(original, copy, hit.region, hit.query),
    credited,
  };
}

/** Adds the photo matches of the page to `judged` (moving a text match to the findings when a photo rule now applies). */
export async function judgePhotos(
  photos: PhotoMatcher,
  extraction: Extract<Extraction, { ok: true }>,
  judged: { findings: JudgedMatch[]; allowed: JudgedMatch[] },
  settings: JudgeSettings,
  context: () => FactContext,
  signal?: AbortSignal,
): Promise<void> {
  const refs = extraction.images ?? [];
  if (!refs.length) return;
  const hits = await photos.match(refs, signal);
  for (const hit of hits) {
    const credited = photoCredited(hit.ref.text, extraction.article.credit, settings.publisher);
    const image = imageFacts(hit, credited);
    const all = [...judged.findings, ...judged.allowed];
    const prior = all.find((j) => j.match.articleId === hit.articleId || j.match.duplicates.includes(hit.articleId));
    let next: JudgedMatch;
    if (prior) {
      judged.findings = judged.findings.filter((j) => j !== prior);
      judged.allowed = judged.allowed.filter((j) => j !== prior);
      const facts = { ...prior.facts, image };
      const violations = evaluateRules(settings.rules, facts);
      next = { match: prior.match, facts, violations, severity: maxSeverity(violations) };
    } else {
      const comparison = photoOnly(
        credited,
        extraction.article.links.some((l) => settings.publisher.domains.some((d) => sameSite(l.href, d))),
      );
      const facts = { ...buildFacts(comparison, context()), image };
      const violations = evaluateRules(settings.rules, facts);
      next = { match: { articleId: hit.articleId, duplicates: [], comparison }, facts, violations, severity: maxSeverity(violations) };
    }
    next.photo = {
      copy: () => photos.copyImage(hit.ref.url, hit.copy.sha256, signal),
      original: () => photos.originalImage(hit.original.url, signal),
    };
    (next.violations.length ? judged.findings : judged.allowed).push(next);
  }
}

function sameSite(href: string, domain: string): boolean {
  try {
    return hostMatches(new URL(href).hostname.toLowerCase(), domain);
  } catch {
    return false;
  }
}
