/**
 * Request validation: every query, path and body goes through a strict zod object (an unknown
 * field is an error, never ignored), and a failure is INPUT_INVALID naming the field:
 * `query.limit: expected a whole number from 1 to 500, got "0"`.
 */
import { z } from 'zod';
import { CopywatchError, FINDING_KINDS, FINDING_STATUSES, SEVERITIES, type FindingKind, type FindingStatus, type Severity } from '../domain/index.ts';

/** A value as an error message quotes it: JSON, at most 80 characters; `nothing` for undefined. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function at(where: string, path: PropertyKey[]): string {
  return [where, ...path.map(String)].join('.');
}

/** Parses `value` with `schema` or throws INPUT_INVALID listing every problem (at most five). */
export function parse<T extends z.ZodType>(schema: T, value: unknown, where: 'query' | 'body' | 'path'): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const lines = result.error.issues.slice(0, 5).map((issue) => {
    if (issue.code === 'unrecognized_keys')
      return `${at(where, issue.path)}: unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
    if (issue.code === 'invalid_type' && issue.path.length === 0 && where === 'body') return `body: expected a JSON object, got ${show(value)}`;
    return `${at(where, issue.path)}: ${issue.message}`;
  });
  throw new CopywatchError('INPUT_INVALID', lines.join('; '));
}

const expected = (what: string) => ({ error: (iss: { input?: unknown }) => `expected ${what}, got ${show(iss.input)}` });

/** A query value: one string (a repeated parameter is an error). */
export const str = (what = 'a string', max = 500) =>
  z
    .string(expected(what))
    .min(1, expected(what))
    .max(max, expected(`${what} of at most ${max} characters`));

/** A whole number in [min, max], from a query or path string. */
export const intString = (min: number, max: number) => {
  const what = `a whole number from ${min} to ${max}`;
  return z
    .string(expected(what))
    .refine((s) => /^\d{1,15}$/.test(s) && Number(s) >= min && Number(s) <= max, expected(what))
    .transform(Number);
};

/** A finding, run or article id in a path. */
export const idParams = z.strictObject({ id: intString(1, Number.MAX_SAFE_INTEGER) });

export const statusEnum = z.enum(FINDING_STATUSES as [FindingStatus, ...FindingStatus[]], expected(`one of ${FINDING_STATUSES.join(', ')}`));
const severityEnum = z.enum(SEVERITIES as [Severity, ...Severity[]], expected(`one of ${SEVERITIES.join(', ')}`));

/** `open` or `open,confirmed`. */
const statusList = str('statuses such as open,confirmed')
  .transform((s) => s.split(',').map((x) => x.trim()))
  .pipe(z.array(statusEnum));

/** A date (`2024-05-01`) or an ISO time, as a UTC ISO string. */
const since = str('a date such as 2024-05-01 or an ISO time')
  .refine(
    (s) => /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d\d:?\d\d)?)?$/.test(s) && !Number.isNaN(Date.parse(s)),
    expected('a date such as 2024-05-01 or an ISO time'),
  )
  .transform((s) => new Date(Date.parse(/T|\s/.test(s) && !/(Z|[+-]\d\d:?\d\d)$/.test(s) ? `${s.replace(' ', 'T')}Z` : s)).toISOString());

/** A host name as findings record it (lower case). */
const host = str('a host name', 253).transform((s) => s.toLowerCase());

/** The filters findings lists and reports share. */
export const findingFilterShape = {
  status: statusList.optional(),
  site: host.optional(),
  rule: str('a rule id', 200).optional(),
  severity: severityEnum.optional(),
  since: since.optional(),
  article: str('an article id', 200).optional(),
  kind: z.enum(FINDING_KINDS as [FindingKind, ...FindingKind[]], expected(`one of ${FINDING_KINDS.join(', ')}`)).optional(),
};
