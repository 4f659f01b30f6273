/**
 * Rule evaluation: the facts of a match → the rules it breaks. The publisher's own domains (and
 * its declared mirrors) never break anything.
 */
import type { FactCondition, FindingFacts, Rule, RuleSet, Severity, Violation } from '../domain/index.ts';
import { findingKindOf, SEVERITIES } from '../domain/index.ts';

type FactValue = string | number | boolean | null | string[];

/** The value of a fact by name (see FACT_NAMES), from the facts of a finding; the image facts are undefined (no condition on them holds) without a photo. */
function factValue(facts: FindingFacts, name: string): FactValue | undefined {
  switch (name) {
    case 'licensed':
      return facts.licensee !== null;
    case 'licenseBroken':
      return facts.licenseBreaches.length > 0;
    case 'commercial.ads':
      return facts.commercial.ads;
    case 'commercial.shop':
      return facts.commercial.shop;
    case 'commercial.paywall':
      return facts.commercial.paywall;
    case 'commercial.any':
      return facts.commercial.ads || facts.commercial.shop || facts.commercial.paywall;
    case 'teaser':
      // Facts recorded before teasers were told apart: not a teaser.
      return facts.teaser ?? false;
    case 'kind':
      return findingKindOf(facts);
    case 'image.credited':
      return facts.image?.credited;
    case 'image.transforms':
      return facts.image?.transforms;
    case 'image.distance':
      return facts.image?.distance;
    default:
      return (facts as unknown as Record<string, FactValue>)[name];
  }
}

function holds(value: FactValue | undefined, condition: FactCondition): boolean {
  if (value === undefined) return false;
  if (Array.isArray(value)) {
    // A list fact (licenseBreaches): a value must be in it; a list must share one with it.
    if (Array.isArray(condition)) return condition.some((c) => value.includes(String(c)));
    return typeof condition === 'string' ? value.includes(condition) : false;
  }
  if (Array.isArray(condition)) return condition.includes(value as string | number | boolean);
  if (condition !== null && typeof condition === 'object') {
    if (typeof value !== 'number') return false;
    return (condition.min === undefined || value >= condition.min) && (condition.max === undefined || value <= condition.max);
  }
  return value === condition;
}

function all(facts: FindingFacts, conditions: Record<string, FactCondition>): boolean {
  return Object.entries(conditions).every(([name, c]) => holds(factValue(facts, name), c));
}

function ruleApplies(rule: Rule, facts: FindingFacts): boolean {
  return all(facts, rule.when) && (!rule.any || rule.any.some((group) => all(facts, group)));
}

export function evaluateRules(sets: RuleSet[], facts: FindingFacts): Violation[] {
  // A page with neither text nor a photo of the article breaks nothing (a photo alone has the verdict none).
  if (facts.ownedDomain || (facts.verdict === 'none' && !facts.image)) return [];
  const out: Violation[] = [];
  for (const set of sets)
    for (const rule of set.rules) {
      if (!ruleApplies(rule, facts)) continue;
      const mentionsLicense =
        'licenseBreaches' in rule.when || 'licenseBroken' in rule.when || (rule.any ?? []).some((g) => 'licenseBreaches' in g || 'licenseBroken' in g);
      out.push({
        ruleId: rule.id,
        title: rule.title,
        severity: rule.severity,
        clause: rule.clause,
        advice: rule.advice,
        ...(mentionsLicense && facts.licenseBreaches.length ? { term: facts.licenseBreaches.join(', ') } : {}),
      });
    }
  return out;
}

export function maxSeverity(violations: Violation[]): Severity {
  let best = 0;
  for (const v of violations) best = Math.max(best, SEVERITIES.indexOf(v.severity));
  return SEVERITIES[best];
}
