/**
 * One captured page through the engine: extract, match against the corpus, judge each match by
 * the rules. Returns what to record; recording is the caller's (record.ts).
 */
import type { Evidence, Extraction, HttpExchange, FindingFacts, RuleSet, Severity, Thresholds, Violation, WarcSource } from '../domain/index.ts';
import { candidatesFor, preparePage, verify, type Match, type PreparedPage, type PublisherIdentity } from '../match/index.ts';
import { buildFacts, commercialSignals, evaluateRules, maxSeverity, type FactContext, type Licensee } from '../rules/index.ts';
import type { Corpus } from './corpus.ts';
import { extractPage, type SiteExtraction } from './site-templates.ts';
import { judgePhotos } from './judge-photos.ts';
import type { PhotoMatcher } from './photos.ts';
import type { PhotoEvidence } from './photo-evidence.ts';

/** A fetched page as the crawler hands it over: the evidence's fields (DESIGN.md), and the body. */
export interface Capture extends Pick<Evidence, 'requestedUrl' | 'finalUrl' | 'redirects' | 'status' | 'headers' | 'capturedAt' | 'remoteAddress' | 'sha256'> {
  body: Buffer;
  contentType: string | null;
  /** Links the page holds (kept so that a 304 next time can still lead to them). */
  links?: string[];
  /** The WARC record the page was read from (scan-warc), kept with its evidence. */
  warc?: WarcSource;
  /** The HTTP exchange as it happened (a fetched page): written as WARC at fetch time. */
  wire?: HttpExchange;
}

export interface JudgeSettings {
  publisher: PublisherIdentity;
  ownedDomains: string[];
  licensees: Licensee[];
  thresholds: Thresholds;
  rules: RuleSet[];
  maxBytes: number;
}

export interface JudgedMatch {
  match: Match;
  facts: FindingFacts;
  violations: Violation[];
  severity: Severity;
  /** A photo match's images, kept as evidence when the finding is recorded (the original fetched then). */
  photo?: PhotoEvidence;
}

export interface Judgement {
  extraction: Extraction;
  prepared: PreparedPage | null;
  /** Matches that break at least one rule: findings. */
  findings: JudgedMatch[];
  /** Matches that break none (licensed within terms, or the publisher's own domains). */
  allowed: JudgedMatch[];
}

/** Milliseconds per stage (extract, fingerprint, match, rules, store), summed over a job's pages (benchmarks). */
export type StageTimings = Record<string, number>;

let clock = () => performance.now();

/** The stage clock: wall time (default), or this process's CPU time (a benchmark of synchronous stages on a shared machine). */
export function timeStagesIn(kind: 'wall' | 'cpu'): void {
  clock =
    kind === 'cpu'
      ? () => {
          const c = process.cpuUsage();
          return (c.user + c.system) / 1000;
        }
      : () => performance.now();
}

/** Now on the stage clock (the start of a stage). */
export function stageNow(): number {
  return clock();
}

/** Adds the time since `since` to `stage` and returns now, so that stages chain. */
export function lap(timings: StageTimings, stage: string, since: number): number {
  const now = clock();
  timings[stage] = (timings[stage] ?? 0) + (now - since);
  return now;
}

export function hostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return '';
  }
}

/**
 * `timings`, when given, gets the ms spent in extract, fingerprint, match and rules added to it;
 * `site`: the page's site's selector and learned templates (none: extraction stands alone).
 */
export async function judgeCapture(
  capture: Capture,
  corpus: Corpus,
  settings: JudgeSettings,
  today: string,
  timings?: StageTimings,
  site?: SiteExtraction,
  photos?: PhotoMatcher,
): Promise<Judgement> {
  let t = timings ? stageNow() : 0;
  const extraction = await extractPage(capture, settings.maxBytes, site);
  if (timings) t = lap(timings, 'extract', t);
  if (!extraction.ok) return { extraction, prepared: null, findings: [], allowed: [] };
  const prepared = preparePage(extraction.article, extraction.chrome, extraction.pageText, extraction.teaserSpans);
  if (timings) {
    prepared.pageFingerprint(); // computed on first use (by candidatesFor): here, so that it counts as fingerprinting
    t = lap(timings, 'fingerprint', t);
  }
  const candidates = candidatesFor(corpus.index, prepared);
  const originals = await Promise.all(candidates.map((c) => corpus.original(c.id)));
  const matches = verify(candidates, originals, prepared, { thresholds: settings.thresholds, publisher: settings.publisher });
  if (timings) t = lap(timings, 'match', t);
  const judged: { findings: JudgedMatch[]; allowed: JudgedMatch[] } = { findings: [], allowed: [] };
  // The page's host and commercial signals, only for pages that match (most do not).
  let page: FactContext | undefined;
  const context = () =>
    (page ??= {
      host: hostOf(capture.finalUrl),
      commercial: commercialSignals(
        extraction.chrome,
        extraction.article.links.map((l) => l.href),
      ),
      ownedDomains: settings.ownedDomains,
      licensees: settings.licensees,
      today,
    });
  for (const match of matches) {
    const facts = buildFacts(match.comparison, context());
    const violations = evaluateRules(settings.rules, facts);
    const one = { match, facts, violations, severity: maxSeverity(violations) };
    (violations.length ? judged.findings : judged.allowed).push(one);
  }
  if (timings) t = lap(timings, 'rules', t);
  if (photos) {
    await judgePhotos(photos, extraction, judged, settings, context);
    if (timings) lap(timings, 'photos', t);
  }
  return { extraction, prepared, ...judged };
}
