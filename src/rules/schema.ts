/**
 * The rule-file schema (rules/*.json), validated with zod. Every fact a rule may test has a type,
 * so a value no finding can have (`"verdict": "ful"`) is an error, not a rule that silently never
 * applies. Errors name the file and the field, in the config's style:
 * `rules/generic.json: rules[2].when.verdict: expected "mirror", "full", "partial" or "none" (or a list of them), got "ful"`.
 */
import { z } from 'zod';
import { CopywatchError, expected, FINDING_KINDS, formatPath, IMAGE_TRANSFORMS, parseJsonText, SEVERITIES, type RuleSet } from '../domain/index.ts';

const VERDICTS = ['mirror', 'full', 'partial', 'none'] as const;
const LICENSE_STATUSES = ['none', 'valid', 'expired', 'not-yet-valid'] as const;
const LICENSE_BREACHES = ['expired', 'not-yet-valid', 'uncredited', 'no-link', 'too-long', 'scope', 'mirror'] as const;

const quoted = (values: readonly string[]) =>
  values
    .map((v) => JSON.stringify(v))
    .join(', ')
    .replace(/, ([^,]*)$/, ' or $1');

/** One of `values`, or a non-empty list of them; a bad item of a list is named by its index. */
function oneOf(values: readonly string[]) {
  const what = `${quoted(values)} (or a list of them)`;
  return z.unknown().superRefine((value, ctx) => {
    if (value === undefined) return;
    if (Array.isArray(value) && !value.length) return void ctx.addIssue({ code: 'custom', message: `expected ${what}, got an empty list` });
    const items = Array.isArray(value) ? value : [value];
    items.forEach((item, i) => {
      if (typeof item !== 'string' || !values.includes(item)) {
        ctx.addIssue({ code: 'custom', message: expected(what, item), path: Array.isArray(value) ? [i] : [] });
      }
    });
  });
}

const bool = () => z.boolean({ error: (iss) => expected('true or false', iss.input) });

/** A number, or a range `{min, max}` (either may be left out), within [lo, hi]. */
function numberOrRange(lo: number, hi: number) {
  const what = `a number from ${lo} to ${hi}`;
  const n = z
    .number({ error: (iss) => expected(what, iss.input) })
    .min(lo, { error: (iss) => expected(what, iss.input) })
    .max(hi, { error: (iss) => expected(what, iss.input) });
  const range = z
    .strictObject({ min: n.optional(), max: n.optional() }, { error: (iss) => expected(`${what} or a range {"min", "max"}`, iss.input) })
    .refine((r) => r.min !== undefined || r.max !== undefined, { error: () => 'expected a range with min, max or both' })
    .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, { error: () => 'expected a range whose min is at most its max' });
  return z.union([n, range], { error: (iss) => expected(`${what} or a range {"min", "max"}`, iss.input) });
}

/** A string, or a non-empty list of them. */
function textOrList(what: string, nullable = false) {
  const item = z.string({ error: (iss) => expected(what, iss.input) }).min(1, { error: () => `expected ${what}, got ""` });
  const list = z.array(item).min(1, { error: () => `expected ${what}, got an empty list` });
  return nullable
    ? z.union([item, list, z.null()], { error: (iss) => expected(`${what} (or a list of them, or null)`, iss.input) })
    : z.union([item, list], { error: (iss) => expected(`${what} (or a list of them)`, iss.input) });
}

/** The facts a rule may test (FindingFacts, with `commercial.*` flattened and derived ones), each with its type. */
const FACTS = {
  verdict: oneOf(VERDICTS),
  containment: numberOrRange(0, 1),
  matchedChars: numberOrRange(0, Number.MAX_SAFE_INTEGER),
  credited: bool(),
  linksBack: bool(),
  pageMirror: bool(),
  teaser: bool(),
  host: textOrList('a host name'),
  ownedDomain: bool(),
  licensee: textOrList("a licensee's name", true),
  licensed: bool(),
  licenseStatus: oneOf(LICENSE_STATUSES),
  licenseBreaches: oneOf(LICENSE_BREACHES),
  licenseBroken: bool(),
  'commercial.ads': bool(),
  'commercial.shop': bool(),
  'commercial.paywall': bool(),
  'commercial.any': bool(),
  kind: oneOf(FINDING_KINDS),
  'image.credited': bool(),
  'image.transforms': oneOf(IMAGE_TRANSFORMS),
  'image.distance': numberOrRange(0, 64),
};

const FACT_NAMES = Object.keys(FACTS) as Array<keyof typeof FACTS>;

const conditions = z
  .strictObject(
    Object.fromEntries(Object.entries(FACTS).map(([k, v]) => [k, v.optional()])) as { [K in keyof typeof FACTS]: z.ZodOptional<(typeof FACTS)[K]> },
    { error: (iss) => expected('an object of conditions on facts', iss.input) },
  )
  .refine((c) => Object.keys(c).length > 0, { error: () => 'expected at least one condition' });

const text = (what: string) => z.string({ error: (iss) => expected(what, iss.input) }).min(1, { error: () => `expected ${what}, got ""` });

const ruleSchema = z.strictObject(
  {
    id: text('a rule id').regex(/^[a-z0-9][a-z0-9._-]*$/, {
      error: (iss) => expected('a rule id of lower-case letters, digits, dot, dash or underscore', iss.input),
    }),
    title: text('a title'),
    clause: text('the clause of the notice the rule enforces'),
    severity: z.enum(SEVERITIES as [string, ...string[]], { error: (iss) => expected(quoted(SEVERITIES), iss.input) }),
    advice: text('advice for the rights office'),
    when: conditions,
    any: z
      .array(conditions, { error: (iss) => expected('a list of condition objects', iss.input) })
      .min(1, { error: () => 'expected at least one condition object' })
      .optional(),
  },
  { error: (iss) => expected('a rule object', iss.input) },
);

const ruleSetSchema = z.strictObject(
  {
    name: text('a name'),
    description: z.string({ error: (iss) => expected('a string', iss.input) }).optional(),
    rules: z.array(ruleSchema, { error: (iss) => expected('a list of rules', iss.input) }).min(1, { error: () => 'expected at least one rule' }),
  },
  { error: (iss) => expected('an object with name and rules', iss.input) },
);

/** Parses a rule file's text; throws RULES_INVALID naming the file and every bad field, one per line. */
export function parseRuleSet(text: string, source: string): RuleSet {
  const json = parseJsonText(text.replace(/^\uFEFF/, ''));
  if (!json.ok) throw new CopywatchError('RULES_INVALID', `${source}: ${json.message}`);
  const data = json.value;
  const parsed = ruleSetSchema.safeParse(data);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      if (issue.code === 'unrecognized_keys') {
        const inWhen = issue.path.some((p) => p === 'when' || p === 'any');
        return issue.keys
          .map((k) => `${source}: ${formatPath([...issue.path, k])}: ${inWhen ? `unknown fact (the facts are ${FACT_NAMES.join(', ')})` : 'unknown field'}`)
          .join('\n');
      }
      return `${source}: ${formatPath(issue.path)}: ${issue.message}`;
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
  for (const set of sets)
    for (const rule of set.rules) {
      const other = seen.get(rule.id);
      if (other) throw new CopywatchError('RULES_INVALID', `${set.source}: rule "${rule.id}" is also defined in ${other}`);
      seen.set(rule.id, set.source);
    }
}
