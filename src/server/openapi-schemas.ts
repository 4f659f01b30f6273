/**
 * The building blocks of the OpenAPI document (openapi.ts): small JSON-schema builders, and the
 * named schemas of what the API answers (components.schemas).
 */
import { FINDING_KINDS, FINDING_STATUSES, SEVERITIES } from '../domain/index.ts';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
export const str = (description?: string): Json => (description ? { type: 'string', description } : { type: 'string' });
export const nullable = (type: string, description?: string): Json => ({ type: [type, 'null'], ...(description ? { description } : {}) });
export const int = { type: 'integer' };
const num = { type: 'number' };
export const obj = (properties: Record<string, Json>, required: string[] = Object.keys(properties)): Json => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});
export const arr = (items: Json): Json => ({ type: 'array', items });

export const errorResponse = (description: string): Json => ({ description, content: { 'application/json': { schema: ref('Error') } } });
export const json = (description: string, schema: Json): Json => ({ description, content: { 'application/json': { schema } } });
export const query = (name: string, schema: Json, description: string): Json => ({ name, in: 'query', required: false, schema, description });
export const idPath: Json = { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } };

/** Responses every authenticated endpoint may give. */
export const common: Record<string, Json> = {
  400: errorResponse('invalid input (INPUT_INVALID, BODY_MALFORMED): the message names the field'),
  401: errorResponse('no token or a wrong one (AUTH_REQUIRED, AUTH_INVALID)'),
  500: errorResponse('internal error'),
};
export const writes: Record<string, Json> = {
  403: errorResponse(
    "the role may not do this (FORBIDDEN), a cookie request without the session's X-CSRF-Token (CSRF_FAILED), or the read-only token (READ_ONLY)",
  ),
  413: errorResponse('the body is larger than 64 KB (BODY_TOO_LARGE)'),
  415: errorResponse('the body is not declared application/json (MEDIA_TYPE)'),
};

export const findingFilters: Json[] = [
  query('status', str(), `one status or several, comma-separated: ${FINDING_STATUSES.join(', ')}`),
  query('site', str(), 'the host of the copy'),
  query('rule', str(), 'a rule id among the violations'),
  query('severity', { type: 'string', enum: [...SEVERITIES] }, 'this severity or higher'),
  query('since', str(), 'last seen on or after this date (2024-05-01) or ISO time, UTC'),
  query('article', str(), 'copies of this original article (its id)'),
  query('kind', { type: 'string', enum: [...FINDING_KINDS] }, 'what was copied: text or image (each includes findings with both), or text+image'),
];
export const paging = (what: string): Json[] => [
  query('cursor', str(), `nextCursor of the previous page of ${what}`),
  query('limit', { type: 'integer', minimum: 1, maximum: 500, default: 50 }, 'page size'),
];

const counts = obj(
  Object.fromEntries(
    [
      'pagesFetched',
      'pagesQueued',
      'notModified',
      'skipped',
      'failed',
      'articles',
      'matches',
      'findingsNew',
      'findingsUpdated',
      'findingsResolved',
      'findingsReopened',
    ].map((k) => [k, int]),
  ),
);
const span = obj({ start: int, end: int, text: str() });
export const forbidden = { 403: errorResponse('the role may not do this (FORBIDDEN)') };
export const body = (schema: Json): Json => ({ required: true, content: { 'application/json': { schema } } });
export const roleEnum: Json = { type: 'string', enum: ['viewer', 'analyst', 'admin'] };
export const who = obj({
  user: { oneOf: [ref('User'), { type: 'null' }] },
  actor: str('how the audit trail names them'),
  role: roleEnum,
  via: { type: 'string', enum: ['bootstrap', 'bootstrap-read', 'token', 'session'] },
  csrfToken: nullable('string', "send it as X-CSRF-Token with every change made with the session's cookie"),
  expiresAt: nullable('string'),
});

/**
 * The fields of a finding, in the order the API writes them: the whole finding (with its
 * passages and full violations) and the list's summary differ only in those two.
 */
function findingFields(violations: Json, extra: Record<string, Json> = {}): Record<string, Json> {
  return {
    id: int,
    kind: { type: 'string', enum: [...FINDING_KINDS] },
    articleId: str(),
    articleUrl: str(),
    articleTitle: nullable('string'),
    url: str(),
    host: str(),
    verdict: { type: 'string', enum: ['mirror', 'full', 'partial', 'none'] },
    containment: num,
    matchedChars: int,
    facts: { type: 'object' },
    violations,
    severity: { type: 'string', enum: [...SEVERITIES] },
    status: { type: 'string', enum: [...FINDING_STATUSES] },
    firstSeen: str(),
    lastSeen: str(),
    evidenceId: nullable('integer'),
    ...extra,
    scope: { type: 'string', enum: ['article', 'page'] },
  };
}

export const schemas: Record<string, Json> = {
  Error: obj({ error: obj({ code: str('stable code: INPUT_INVALID, NOT_FOUND, FINDING_TRANSITION, JOB_RUNNING, AUTH_REQUIRED, ...'), message: str() }) }),
  Passage: obj({ original: span, suspect: span }),
  Violation: obj({ ruleId: str(), title: str(), severity: { type: 'string', enum: [...SEVERITIES] }, clause: str(), advice: str(), term: str() }, [
    'ruleId',
    'title',
    'severity',
    'clause',
    'advice',
  ]),
  Finding: obj(findingFields(arr(ref('Violation')), { passages: arr(ref('Passage')) })),
  FindingSummary: obj(
    findingFields(arr(obj({ ruleId: str(), title: str(), severity: { type: 'string', enum: [...SEVERITIES] }, term: str() }, ['ruleId', 'title', 'severity']))),
  ),
  User: obj({
    id: int,
    username: str(),
    role: roleEnum,
    createdAt: str(),
    updatedAt: str(),
    disabled: { type: 'boolean' },
    disabledAt: nullable('string'),
  }),
  ApiToken: obj({
    id: int,
    userId: int,
    username: str(),
    name: str(),
    prefix: str('the first characters, to tell tokens apart'),
    createdAt: str(),
    expiresAt: nullable('string'),
    revokedAt: nullable('string'),
    lastUsedAt: nullable('string'),
  }),
  AuditEntry: obj({
    id: int,
    at: str(),
    actor: str(),
    userId: nullable('integer'),
    action: str(),
    subject: nullable('string'),
    detail: { type: ['object', 'null'] },
  }),
  AlertDelivery: obj({ id: int, at: str(), channel: str(), alerts: int, ok: { type: 'boolean' }, detail: str() }),
  FindingEvent: obj({
    findingId: int,
    at: str(),
    actor: str(),
    from: nullable('string'),
    to: str(),
    note: nullable('string'),
    evidenceId: nullable('integer'),
  }),
  Evidence: obj(
    {
      id: int,
      requestedUrl: str(),
      finalUrl: str(),
      redirects: arr(str()),
      status: int,
      headers: { type: 'object', additionalProperties: { type: 'string' } },
      capturedAt: str(),
      remoteAddress: nullable('string'),
      sha256: str(),
      size: int,
      note: nullable('string'),
      warc: {
        oneOf: [
          obj({ file: str('the WARC file name'), offset: { ...int, description: "the record's byte offset in it" }, recordId: str('WARC-Record-ID') }),
          { type: 'null' },
        ],
        description: 'the web-archive record the capture was read from (copywatch scan-warc), or null for a fetched page',
      },
      screenshot: {
        oneOf: [
          obj({
            sha256: nullable('string', 'SHA-256 (hex) of the PNG, or null when it is missing'),
            size: nullable('integer'),
            takenAt: nullable('string'),
            note: nullable('string', 'what it lacks (cut, requests refused), or why it is missing'),
          }),
          { type: 'null' },
        ],
        description: 'the full-page screenshot taken at capture (evidence.screenshot), or null when none was asked for',
      },
    },
    ['id', 'requestedUrl', 'finalUrl', 'redirects', 'status', 'headers', 'capturedAt', 'remoteAddress', 'sha256', 'size', 'note', 'warc'],
  ),
  FindingDetail: obj({
    finding: ref('Finding'),
    original: {
      type: 'object',
      description: 'the original article: id, url, href (http(s) or null), title, byline, credit, publishedAt, lang, source, text',
    },
    copy: { type: 'object', description: "the copy: url, href, scope, text (passages' suspect offsets point into it), or text null" },
    evidence: { oneOf: [ref('Evidence'), { type: 'null' }] },
    events: arr(ref('FindingEvent')),
    transitions: arr({ type: 'string', enum: [...FINDING_STATUSES] }),
  }),
  Scan: obj({
    id: int,
    job: { type: 'string', enum: ['index', 'scan', 'check', 'recheck', 'discover', 'scan-warc'] },
    target: nullable('string'),
    status: { type: 'string', enum: ['running', 'done', 'failed', 'interrupted', 'skipped', 'missed'] },
    startedAt: str(),
    endedAt: nullable('string'),
    counts,
    reasons: { type: 'object', additionalProperties: int },
    error: nullable('string'),
    owner: nullable('string'),
    heartbeatAt: nullable('string'),
  }),
  Article: obj({
    id: str(),
    url: str(),
    href: nullable('string'),
    source: str(),
    title: nullable('string'),
    byline: nullable('string'),
    credit: nullable('string'),
    publishedAt: nullable('string'),
    lang: str(),
    units: int,
    firstSeen: str(),
    lastSeen: str(),
    copies: { type: 'integer', description: 'findings of copies of this article, whatever their status' },
  }),
  SiteSummary: obj({
    host: str(),
    findings: int,
    open: { type: 'integer', description: 'findings not settled yet: open, confirmed or notice-sent' },
    maxSeverity: { type: 'string', enum: [...SEVERITIES] },
    lastSeen: str(),
  }),
  CheckResult: obj({
    url: str('the final URL'),
    href: nullable('string'),
    scan: ref('Scan'),
    article: { type: ['object', 'null'], description: 'title, credit, lang, chars of the extracted article, or null' },
    reason: { type: ['object', 'null'], description: 'why the page holds no article: {code, message}' },
    matches: arr({
      type: 'object',
      description:
        'kind, articleId, articleUrl, articleTitle, verdict, containment, matchedChars, credited, linksBack, pageMirror, scope, teaser, severity, allowed, licensee, ownedDomain, violations, image (the photo matched, or null)',
    }),
    findings: arr(ref('Finding')),
  }),
  Overview: obj({
    generatedAt: str(),
    publisher: obj({ name: str() }),
    openBySeverity: { type: 'object', additionalProperties: int },
    byStatus: { type: 'object', additionalProperties: int },
    total: int,
    sites: arr(ref('SiteSummary')),
    siteCount: int,
    perDay: arr(obj({ day: str(), count: int })),
    corpus: obj({ articles: int, lastIndex: { oneOf: [ref('Scan'), { type: 'null' }] } }),
    lastScan: { oneOf: [ref('Scan'), { type: 'null' }] },
    running: arr(ref('Scan')),
  }),
};
