/**
 * The API described for scripts and other systems: OpenAPI 3.1, written by hand, served at
 * /api/openapi.json. tests/server/openapi.test.ts checks that every express route is here and
 * every path here is a route.
 */
import { FINDING_STATUSES } from '../domain/index.ts';
import {
  ref,
  str,
  nullable,
  int,
  obj,
  arr,
  errorResponse,
  json,
  query,
  idPath,
  common,
  writes,
  findingFilters,
  paging,
  forbidden,
  body,
  roleEnum,
  who,
  schemas,
  type Json,
} from './openapi-schemas.ts';

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'copywatch API',
    version: '0.1.0',
    description:
      "Findings of copies of the publisher's articles, their evidence, manual checks, runs and reports. " +
      'Every endpoint but /api/health, this document and POST /api/session needs `Authorization: Bearer <token>` (a personal API token, or the bootstrap server.token) ' +
      'or a session cookie from POST /api/session (then every change also needs `X-CSRF-Token`). Each route needs a least role: viewer < analyst < admin (FORBIDDEN otherwise). ' +
      'Errors are `{error: {code, message}}`. Unknown query parameters and body fields are errors.',
  },
  servers: [{ url: '/' }],
  security: [{ bearer: [] }],
  paths: {
    '/api/health': {
      get: { summary: 'liveness (no token)', security: [], responses: { 200: json('alive', obj({ status: { const: 'ok' } })) } },
    },
    '/api/openapi.json': {
      get: { summary: 'this document', responses: { 200: json('OpenAPI 3.1', { type: 'object' }), ...common } },
    },
    '/api/session': {
      post: {
        summary: 'sign in: sets the session cookie (HttpOnly, SameSite=Strict) and gives the CSRF token',
        security: [],
        requestBody: body(obj({ username: str(), password: str() })),
        responses: {
          201: json('signed in', who),
          401: errorResponse('wrong user name or password, or the account is disabled (AUTH_INVALID)'),
          429: errorResponse('too many failed sign-ins for this account or address (RATE_LIMITED); see Retry-After'),
          ...common,
        },
      },
      get: { summary: 'who is asking', responses: { 200: json('the principal', who), ...common } },
      delete: { summary: 'sign out (this session)', responses: { 204: { description: 'signed out' }, ...common, ...writes } },
    },
    '/api/session/everywhere': {
      post: { summary: 'sign out every session of the account', responses: { 200: json('sessions ended', obj({ ended: int })), ...common, ...writes } },
    },
    '/api/users': {
      get: { summary: 'accounts (admin)', responses: { 200: json('accounts', obj({ items: arr(ref('User')) })), ...common, ...forbidden } },
      post: {
        summary: 'add an account (admin)',
        requestBody: body(obj({ username: str(), role: roleEnum, password: str('at least 10 characters') })),
        responses: { 201: json('added', obj({ user: ref('User') })), ...common, ...writes },
      },
    },
    '/api/users/{id}': {
      patch: {
        summary: 'change the role of an account, or disable or enable it (admin); disabling ends its sessions',
        parameters: [idPath],
        requestBody: body(obj({ role: roleEnum, disabled: { type: 'boolean' } }, [])),
        responses: { 200: json('changed', obj({ user: ref('User') })), 404: errorResponse('no such account (NOT_FOUND)'), ...common, ...writes },
      },
    },
    '/api/users/{id}/reset': {
      post: {
        summary: 'set a new password (admin): the one given, or a one-time password answered once; ends its sessions',
        parameters: [idPath],
        requestBody: body(obj({ password: str() }, [])),
        responses: {
          200: json('reset', obj({ user: ref('User'), password: nullable('string', 'the one-time password, shown this once') })),
          404: errorResponse('no such account (NOT_FOUND)'),
          ...common,
          ...writes,
        },
      },
    },
    '/api/tokens': {
      get: {
        summary: "one's personal API tokens (all=1: every account's, admin)",
        parameters: [query('all', { type: 'string', enum: ['1', 'true'] }, "every account's tokens (admin)")],
        responses: { 200: json('tokens (never the secret)', obj({ items: arr(ref('ApiToken')) })), ...common, ...forbidden },
      },
      post: {
        summary: 'make a personal API token (admins: for any account, userId)',
        requestBody: body(obj({ name: str(), expiresInDays: nullable('integer', 'default 90; null: never'), userId: int }, ['name'])),
        responses: { 201: json('the token, and its secret shown this once', obj({ token: ref('ApiToken'), secret: str() })), ...common, ...writes },
      },
    },
    '/api/tokens/{id}': {
      delete: {
        summary: "revoke a token (one's own; admins any)",
        parameters: [idPath],
        responses: { 200: json('revoked', obj({ token: ref('ApiToken') })), 404: errorResponse('no such token (NOT_FOUND)'), ...common, ...writes },
      },
    },
    '/api/audit': {
      get: {
        summary: 'the audit trail, newest first (admin): who changed what',
        parameters: [
          query('before', { type: 'integer', minimum: 1 }, 'nextBefore of the previous page'),
          query('limit', { type: 'integer', minimum: 1, maximum: 500, default: 100 }, 'page size'),
        ],
        responses: { 200: json('entries', obj({ items: arr(ref('AuditEntry')), nextBefore: nullable('integer') })), ...common, ...forbidden },
      },
    },
    '/api/alerts': {
      get: {
        summary: "the alerts' queue and delivery log (admin)",
        parameters: [
          query('status', { type: 'string', enum: ['pending', 'delivered'] }, 'only these alerts'),
          query('limit', { type: 'integer', minimum: 1, maximum: 500, default: 100 }, 'alerts and log lines'),
        ],
        responses: {
          200: json(
            'alerts, newest first; delivery attempts, newest first; the configured channels',
            obj({ items: arr({ type: 'object' }), deliveries: arr(ref('AlertDelivery')), channels: arr({ type: 'object' }) }),
          ),
          ...common,
          ...forbidden,
        },
      },
    },
    '/api/findings': {
      get: {
        summary: 'findings, filtered, sorted, in cursor pages',
        parameters: [
          ...findingFilters,
          query('sort', { type: 'string', enum: ['lastSeen', 'firstSeen', 'severity', 'containment'], default: 'lastSeen' }, 'sort key'),
          query('order', { type: 'string', enum: ['asc', 'desc'], default: 'desc' }, 'sort order'),
          ...paging('findings'),
        ],
        responses: {
          200: json(
            "a page of findings (summaries: GET /api/findings/{id} and the JSON report give the passages and the rules' clauses)",
            obj({ items: arr(ref('FindingSummary')), nextCursor: nullable('string', 'null on the last page') }),
          ),
          ...common,
        },
      },
    },
    '/api/findings/{id}': {
      get: {
        summary: "one finding with its evidence, the original and the copy's text, and its audit trail",
        parameters: [idPath],
        responses: { 200: json('the finding', ref('FindingDetail')), 404: errorResponse('no such finding (NOT_FOUND)'), ...common },
      },
      patch: {
        summary: 'change the status, with a note kept in the audit trail',
        parameters: [idPath],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: obj({ status: { type: 'string', enum: [...FINDING_STATUSES] }, note: { type: ['string', 'null'], maxLength: 2000 } }, ['status']),
            },
          },
        },
        responses: {
          200: json('the finding after the change', ref('FindingDetail')),
          404: errorResponse('no such finding (NOT_FOUND)'),
          409: errorResponse('the change is not allowed from the current status (FINDING_TRANSITION)'),
          ...common,
          ...writes,
        },
      },
    },
    '/api/findings/{id}/bundle': {
      get: {
        summary: "the finding's evidence bundle: a ZIP of one WARC per capture, the evidence report and manifest.json (as `copywatch evidence export`)",
        parameters: [idPath],
        responses: {
          200: {
            description: 'the bundle (Content-Disposition: attachment)',
            content: { 'application/zip': { schema: { type: 'string', format: 'binary' } } },
          },
          404: errorResponse('no such finding, or no stored evidence (NOT_FOUND)'),
          ...common,
        },
      },
    },
    '/api/findings/{id}/screenshot': {
      get: {
        summary:
          "the full-page screenshot (PNG) of the finding's capture, as taken by headless Chromium (`evidence.screenshot`); served with X-Content-Type-Options: nosniff and its SHA-256 in X-Screenshot-SHA256",
        parameters: [idPath],
        responses: {
          200: {
            description: 'the PNG, checked against the SHA-256 taken at capture',
            content: { 'image/png': { schema: { type: 'string', format: 'binary' } } },
          },
          404: errorResponse('no such finding, or its capture has no screenshot (NOT_FOUND; the message says why)'),
          ...common,
        },
      },
    },
    '/api/findings/{id}/images/{role}': {
      get: {
        summary:
          "an image finding's original or copy as kept as evidence when it was recorded (issue 17), byte for byte; served with X-Content-Type-Options: nosniff, its SHA-256 in X-Image-SHA256 and where it was fetched in X-Image-Source",
        parameters: [idPath, { name: 'role', in: 'path', required: true, schema: { type: 'string', enum: ['original', 'copy'] } }],
        responses: {
          200: {
            description: 'the image, checked against the SHA-256 stored with it; the content type is the format decoded when it was kept',
            content: Object.fromEntries(
              ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif', 'image/heif', 'image/tiff'].map((t) => [
                t,
                { schema: { type: 'string', format: 'binary' } },
              ]),
            ),
          },
          404: errorResponse('no such finding, or it has no such image kept (NOT_FOUND; the message says why)'),
          ...common,
        },
      },
    },
    '/api/check': {
      post: {
        summary: 'check one URL now against the corpus (guarded, rate-limited, recorded as a run)',
        requestBody: { required: true, content: { 'application/json': { schema: obj({ url: { type: 'string', maxLength: 2048 } }) } } },
        responses: {
          200: json('the verdict', ref('CheckResult')),
          403: errorResponse('the destination is private, loopback or link-local (CRAWL_PRIVATE_ADDRESS), or the read-only token (READ_ONLY)'),
          409: errorResponse('another run holds the database (JOB_RUNNING)'),
          429: errorResponse('too many checks for this token (RATE_LIMITED); see Retry-After'),
          502: errorResponse('the page could not be had (CRAWL_NETWORK, CRAWL_HTTP_STATUS, CRAWL_TOO_LARGE, CRAWL_REDIRECT ...)'),
          504: errorResponse('the page did not answer in time (CRAWL_TIMEOUT)'),
          ...common,
          ...writes,
        },
      },
    },
    '/api/scans': {
      get: {
        summary: 'the latest runs, newest first',
        parameters: [query('limit', { type: 'integer', minimum: 1, maximum: 500, default: 50 }, 'how many')],
        responses: {
          200: json(
            'runs, and the target and source names a job can take, and the WARC files of warc.dir that scan-warc can read',
            obj({ items: arr(ref('Scan')), targets: arr(str()), sources: arr(str()), warcFiles: arr(str()) }),
          ),
          ...common,
        },
      },
      post: {
        summary: 'start a job in the background; follow it at /api/scans/{id}',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: obj(
                {
                  job: { type: 'string', enum: ['index', 'scan', 'recheck', 'discover', 'scan-warc'] },
                  target: { type: ['string', 'null'], description: 'scan: a target name; index: a source name; default all (recheck and discover take none)' },
                  files: {
                    type: 'array',
                    items: str(),
                    minItems: 1,
                    maxItems: 100,
                    description: "scan-warc (required): names of .warc/.warc.gz files in the config's warc.dir; nothing outside it can be named",
                  },
                },
                ['job'],
              ),
            },
          },
        },
        responses: {
          202: { ...(json('started', obj({ scan: ref('Scan') })) as object), headers: { Location: { schema: { type: 'string' } } } },
          409: errorResponse('another run holds the database (JOB_RUNNING)'),
          ...common,
          ...writes,
        },
      },
    },
    '/api/scans/{id}': {
      get: {
        summary: 'one run; its counts move while it runs',
        parameters: [idPath],
        responses: {
          200: json(
            'the run, and its pages that failed or held no article, named (at most 1,000; the counts say how many)',
            obj({ scan: ref('Scan'), failures: arr(obj({ url: str(), reason: str(), at: str() })) }),
          ),
          404: errorResponse('no such run (NOT_FOUND)'),
          ...common,
        },
      },
    },
    '/api/articles': {
      get: {
        summary: "the corpus: the publisher's indexed articles",
        parameters: [query('source', str(), 'a source name of the config'), ...paging('articles')],
        responses: { 200: json('a page of articles', obj({ items: arr(ref('Article')), nextCursor: nullable('string'), total: int })), ...common },
      },
    },
    '/api/sites': {
      get: {
        summary: 'hosts with findings, most open first, with their highest severity',
        responses: { 200: json('sites', obj({ items: arr(ref('SiteSummary')) })), ...common },
      },
    },
    '/api/sites/{host}/promote': {
      post: {
        summary: "add a site with findings (found by discovery) to the targets, kept in the store and merged with the config's",
        parameters: [{ name: 'host', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          200: json(
            'already promoted',
            obj({ target: obj({ name: str(), host: str(), startUrl: str(), at: str(), actor: str() }), created: { type: 'boolean' } }),
          ),
          201: json('promoted', obj({ target: obj({ name: str(), host: str(), startUrl: str(), at: str(), actor: str() }), created: { type: 'boolean' } })),
          404: errorResponse('the site has no finding (NOT_FOUND)'),
          ...common,
          ...writes,
        },
      },
    },
    '/api/overview': {
      get: {
        summary: 'what the dashboard opens on',
        parameters: [query('days', { type: 'integer', minimum: 1, maximum: 366, default: 30 }, 'days of findings per day')],
        responses: { 200: json('the overview', ref('Overview')), ...common },
      },
    },
    '/api/reports': {
      get: {
        summary: 'a report as a download',
        description:
          'csv/json: the findings passing the filters; json with finding=: that finding with its original, evidence and audit trail. html: the evidence report of one finding (finding=) or the report of one site (site=). ' +
          'notice=zh|en with finding=: the takedown notice draft (html, else text). HTML reports carry no script and are sent sandboxed.',
        parameters: [
          query('format', { type: 'string', enum: ['csv', 'json', 'html'] }, 'required'),
          ...findingFilters,
          query('finding', { type: 'integer', minimum: 1 }, 'one finding'),
          query('notice', { type: 'string', enum: ['zh', 'en'] }, 'a takedown notice draft of the finding'),
        ],
        responses: {
          200: {
            description: 'the report (Content-Disposition: attachment)',
            content: {
              'text/csv': { schema: str() },
              'application/json': { schema: arr(ref('Finding')) },
              'text/html': { schema: str() },
              'text/plain': { schema: str() },
            },
          },
          404: errorResponse('no such finding or no findings on the site (NOT_FOUND)'),
          ...common,
        },
      },
    },
  },
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'server.token (read-write) or server.readOnlyToken (GET only)' } },
    schemas,
  },
} satisfies Record<string, Json>;
