/** Findings: a suspect URL that copies one of the publisher's articles, judged by the rules. */
import type { Passage, Verdict } from './match.ts';

export type Severity = 'info' | 'low' | 'medium' | 'high' | 'critical';
export const SEVERITIES: readonly Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

/**
 * open → confirmed / dismissed → notice-sent → resolved. A recheck resolves a finding whose page
 * is gone or no longer carries the text, and reopens a resolved one that comes back.
 */
export type FindingStatus = 'open' | 'confirmed' | 'dismissed' | 'notice-sent' | 'resolved';
export const FINDING_STATUSES: readonly FindingStatus[] = ['open', 'confirmed', 'dismissed', 'notice-sent', 'resolved'];

/** Status changes a person may make; `recheck` makes the others (→ resolved, resolved → open). */
export const MANUAL_TRANSITIONS: Record<FindingStatus, FindingStatus[]> = {
  open: ['confirmed', 'dismissed'],
  confirmed: ['notice-sent', 'dismissed', 'resolved'],
  dismissed: ['open'],
  'notice-sent': ['resolved', 'confirmed'],
  resolved: ['open'],
};

/** A rule a finding breaks, with the clause it enforces (copied from the rule, kept with the finding). */
export interface Violation {
  ruleId: string;
  title: string;
  severity: Severity;
  clause: string;
  advice: string;
  /** The license term broken, for licensed reposts outside their terms (`expired`, `uncredited`, ...). */
  term?: string;
}

/** The facts a finding was judged on (the rule engine's input, kept for the record). */
export interface FindingFacts {
  verdict: Verdict;
  containment: number;
  matchedChars: number;
  credited: boolean;
  linksBack: boolean;
  pageMirror: boolean;
  /** The copy is a headline and summary in a list of other stories (Comparison.teaser); absent in facts recorded before it was told apart. */
  teaser?: boolean;
  host: string;
  ownedDomain: boolean;
  licensee: string | null;
  /** `none`, `valid`, `expired`, `not-yet-valid`. */
  licenseStatus: 'none' | 'valid' | 'expired' | 'not-yet-valid';
  /** Terms of the license the copy breaks. */
  licenseBreaches: string[];
  commercial: { ads: boolean; shop: boolean; paywall: boolean };
  /** How the copy was found, when a search engine proposed its URL (`copywatch discover`); kept on later sightings. */
  discoveredBy?: DiscoveredBy;
  /** The publisher's photo found on the page (an image finding, or a text finding whose page has the article's photo too). */
  image?: ImageMatchFacts;
}

/**
 * What a finding is a copy of: the article's `text`, its photo (`image`), or both on one page
 * (`text+image`: one finding carries both, see the README's Photos section).
 */
export type FindingKind = 'text' | 'image' | 'text+image';
export const FINDING_KINDS: readonly FindingKind[] = ['text', 'image', 'text+image'];

/** What a copy of a photo looks like next to the original (more than one may hold). */
export type ImageTransform = 'resized' | 'cropped' | 'mirrored' | 'recompressed' | 'caption-strip' | 'watermarked';
export const IMAGE_TRANSFORMS: readonly ImageTransform[] = ['resized', 'cropped', 'mirrored', 'recompressed', 'caption-strip', 'watermarked'];

/** A photo match, as evidence: both images, how near, where in the original, and how it was changed. */
export interface ImageMatchFacts {
  original: { url: string; sha256: string; width: number; height: number };
  copy: { url: string; sha256: string; width: number; height: number };
  /** Hamming distance (bits of 64) between the nearest pair of perceptual hashes. */
  distance: number;
  /** The part of the original that matched, as fractions of its sides (the whole image: 0, 0, 1, 1). */
  region: { x: number; y: number; w: number; h: number };
  transforms: ImageTransform[];
  /** The copy page names the publisher near the photo (alt, caption, credit) or in its credit line. */
  credited: boolean;
}

/** The kind of a finding from its facts: a photo with no text verdict is an image finding. */
export function findingKindOf(facts: Pick<FindingFacts, 'verdict' | 'image'>): FindingKind {
  if (!facts.image) return 'text';
  return facts.verdict === 'none' ? 'image' : 'text+image';
}

/** The search that proposed a finding's URL: the provider, the exact-phrase query, when (UTC ISO). */
export interface DiscoveredBy {
  provider: string;
  query: string;
  at: string;
}

export interface Finding {
  id: number;
  /** What was copied (text, photo or both): from the facts. */
  kind: FindingKind;
  /** The original article (store id). */
  articleId: string;
  articleUrl: string;
  articleTitle: string | null;
  /** The suspect URL (normalized), with its host. */
  url: string;
  host: string;
  verdict: Verdict;
  containment: number;
  matchedChars: number;
  facts: FindingFacts;
  violations: Violation[];
  /** The highest severity among the violations. */
  severity: Severity;
  status: FindingStatus;
  /** UTC ISO timestamps. */
  firstSeen: string;
  lastSeen: string;
  /** The latest capture that shows the copy (or, once resolved, that shows it gone). */
  evidenceId: number | null;
  passages: Passage[];
  /** Where the copy was found on the suspect page. */
  scope: 'article' | 'page';
}

export interface FindingEvent {
  findingId: number;
  at: string;
  /** `recheck`, `scan`, or the person (token name) who changed it. */
  actor: string;
  from: FindingStatus | null;
  to: FindingStatus;
  note: string | null;
  evidenceId: number | null;
}

/** The findings of one suspect site, summed up. */
export interface SiteSummary {
  host: string;
  findings: number;
  open: number;
  maxSeverity: Severity;
  lastSeen: string;
}
