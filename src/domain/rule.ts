/**
 * License rules as data (rules/*.json). A rule names the clause of the publisher's notice it
 * enforces and the facts that break it; the rule engine (src/rules) evaluates them.
 */
import type { Severity } from './finding.ts';

/** A condition on one fact: a value it must equal, one of several, or a numeric range. */
export type FactCondition = string | number | boolean | null | Array<string | number | boolean> | { min?: number; max?: number };

export interface Rule {
  id: string;
  title: string;
  /** The text of the publisher's notice this rule enforces, as printed. */
  clause: string;
  severity: Severity;
  advice: string;
  /** All conditions must hold (keys are fact names, e.g. `verdict`, `credited`, `licenseStatus`). */
  when: Record<string, FactCondition>;
  /** Optional: at least one of these condition sets must hold as well. */
  any?: Array<Record<string, FactCondition>>;
}

export interface RuleSet {
  /** The file it came from. */
  source: string;
  name: string;
  rules: Rule[];
}
