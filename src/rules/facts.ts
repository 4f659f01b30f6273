/** The facts of a match, from the comparison, the suspect's host and the publisher's terms. */
import type { Comparison, FindingFacts } from '../domain/index.ts';
import { hostMatches } from '../match/credit.ts';
import type { CommercialSignals } from './commercial.ts';
import { findLicensee, licenseBreaches, licenseStatus, type Licensee } from './license.ts';

export interface FactContext {
  host: string;
  ownedDomains: string[];
  licensees: Licensee[];
  /** Today, YYYY-MM-DD (UTC): the clock is passed in. */
  today: string;
  commercial: CommercialSignals;
}

export function buildFacts(c: Comparison, ctx: FactContext): FindingFacts {
  const licensee = findLicensee(ctx.host, ctx.licensees);
  const status = licenseStatus(licensee, ctx.today);
  return {
    verdict: c.verdict,
    containment: c.containment,
    matchedChars: c.matchedChars,
    credited: c.credited,
    linksBack: c.linksBack,
    pageMirror: c.pageMirror,
    teaser: c.teaser,
    host: ctx.host,
    ownedDomain: ctx.ownedDomains.some((d) => hostMatches(ctx.host, d)),
    licensee: licensee?.name ?? null,
    licenseStatus: status,
    licenseBreaches: licenseBreaches(licensee, status, c),
    commercial: ctx.commercial,
  };
}
