/**
 * Licensees and their terms: who may repost, how much, with what credit, until when. A repost
 * inside its license's terms breaks nothing; outside them it breaks the terms named here.
 */
import type { Verdict } from '../domain/index.ts';
import { hostMatches } from '../match/credit.ts';

export interface Licensee {
  name: string;
  /** Host patterns: `example.com` (and www.), `*.example.com`. */
  domains: string[];
  scope: 'full' | 'excerpt';
  maxExcerptChars?: number;
  requireCredit: boolean;
  requireLink: boolean;
  /** YYYY-MM-DD, inclusive. */
  validFrom?: string;
  validUntil?: string;
}

export type LicenseStatus = 'none' | 'valid' | 'expired' | 'not-yet-valid';

export function findLicensee(host: string, licensees: Licensee[]): Licensee | null {
  return licensees.find((l) => l.domains.some((d) => hostMatches(host, d))) ?? null;
}

/** Status on `today` (YYYY-MM-DD, UTC). */
export function licenseStatus(licensee: Licensee | null, today: string): LicenseStatus {
  if (!licensee) return 'none';
  if (licensee.validFrom && today < licensee.validFrom) return 'not-yet-valid';
  if (licensee.validUntil && today > licensee.validUntil) return 'expired';
  return 'valid';
}

/** The license terms a copy breaks: expired, not-yet-valid, uncredited, no-link, too-long, scope, mirror. */
export function licenseBreaches(
  licensee: Licensee | null,
  status: LicenseStatus,
  copy: { verdict: Verdict; matchedChars: number; credited: boolean; linksBack: boolean },
): string[] {
  if (!licensee) return [];
  const out: string[] = [];
  if (status === 'expired' || status === 'not-yet-valid') out.push(status);
  if (licensee.requireCredit && !copy.credited) out.push('uncredited');
  if (licensee.requireLink && !copy.linksBack) out.push('no-link');
  if (licensee.scope === 'excerpt') {
    if (copy.verdict === 'full' || copy.verdict === 'mirror') out.push('scope');
    else if (licensee.maxExcerptChars !== undefined && copy.matchedChars > licensee.maxExcerptChars) out.push('too-long');
  }
  if (copy.verdict === 'mirror') out.push('mirror');
  return out;
}
