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
}

/** The search that proposed a finding's URL: the provider, the exact-phrase query, when (UTC ISO). */
export interface DiscoveredBy {
  provider: string;
  query: string;
  at: string;
}

export interface Finding {
  id: number;
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
