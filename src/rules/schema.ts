/**
 * The rule-file schema (rules/*.json), validated with zod. Errors name the file and the field:
 * `rules/generic.json: rules[2].severity: expected one of info|low|medium|high|critical, got "urgent"`.
 */
import { z } from 'zod';
import { CopywatchError, SEVERITIES, type RuleSet } from '../domain/index.ts';

/** Facts a rule may test (FindingFacts, with `commercial.*` flattened and derived ones). */
export const FACT_NAMES = [
  'verdict', 'containment', 'matchedChars', 'credited', 'linksBack', 'pageMirror', 'host', 'ownedDomain',
  'licensee', 'licensed', 'licenseStatus', 'licenseBreaches', 'licenseBroken',
  'commercial.ads', 'commercial.shop', 'commercial.paywall', 'commercial.any',
] as const;

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const condition = z.union([
  scalar,
  z.array(z.union([z.string(), z.number(), z.boolean()])).min(1),
  z.object({ min: z.number().optional(), max: z.number().optional() }).strict().refine((r) => r.min !== undefined || r.max !== undefined, 'a range needs min or max'),
]);
const conditions = z.partialRecord(z.enum(FACT_NAMES), condition).refine((c) => Object.keys(c).length > 0, 'at least one condition');

export const ruleSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'lower-case letters, digits, dot, dash or underscore'),
  title: z.string().min(1),
  clause: z.string().min(1),
  severity: z.enum(SEVERITIES as [string, ...string[]]),
  advice: z.string().min(1),
  when: conditions,
  any: z.array(conditions).min(1).optional(),
}).strict();

export const ruleSetSchema = z.object({
  name: z.string().min(1),
  description: z.string().optional(),
  rules: z.array(ruleSchema).min(1),
}).strict();

function pathOf(path: PropertyKey[]): string {
  return path.reduce<string>((out, p) => (typeof p === 'number' ? `${out}[${p}]` : out ? `${out}.${String(p)}` : String(p)), '') || '(top level)';
}

function got(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Parses a rule file's text; throws RULES_INVALID naming the file and every bad field. */
export function parseRuleSet(text: string, source: string): RuleSet {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new CopywatchError('RULES_INVALID', `${source}: not valid JSON: ${(error as Error).message}`);
  }
  const parsed = ruleSetSchema.safeParse(data);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const value = issue.path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined), data);
      return `${source}: ${pathOf(issue.path)}: ${issue.message}${issue.code === 'invalid_type' || issue.code === 'invalid_value' ? `, got ${got(value)}` : ''}`;
    });
    throw new CopywatchError('RULES_INVALID', lines.join('\n'));
  }
  const ids = new Set<string>();
  for (const [i, rule] of parsed.data.rules.entries()) {
    if (ids.has(rule.id)) throw new CopywatchError('RULES_INVALID', `${source}: rules[${i}].id: "${rule.id}" is used twice`);
    ids.add(rule.id);
  }
  return { source, name: parsed.data.name, rules: parsed.data.rules as RuleSet['rules'] };
}

/** Rule ids must be unique across the rule sets a config loads. */
export function checkUniqueIds(sets: RuleSet[]): void {
  const seen = new Map<string, string>();
  for (const set of sets) for (const rule of set.rules) {
    const other = seen.get(rule.id);
    if (other) throw new CopywatchError('RULES_INVALID', `${set.source}: rule "${rule.id}" is also defined in ${other}`);
    seen.set(rule.id, set.source);
  }
}
