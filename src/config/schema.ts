/**
 * The whole configuration of DESIGN.md as one zod schema: the Config type is derived from it.
 * Every object is strict (an unknown field is an error, usually a typo), every field is
 * documented here with its default.
 */
import { z } from 'zod';
import { expected } from '../domain/index.ts';
import { bool, date, domainPattern, hostName, httpUrl, int, list, resolveTarget, share, text } from './fields.ts';
import { alertSchema } from './alerts-schema.ts';
import { scheduleSchema } from './schedule-schema.ts';
import { siteSchema } from './site-schema.ts';

export const DEFAULT_USER_AGENT = 'copywatch/0.1 (+https://github.com/copywatch/copywatch; content-licensing compliance checker)';

const publisherSchema = z.strictObject({
  /** The publisher's name as its pages credit it (`石化晨报`). Required. */
  name: text(),
  /** Other names pages credit it by (`石化晨报社`, an English name). Default none. */
  aliases: list(text(), 'an array of names').default([]),
  /** Domains the publisher owns: copies there are its own. `example.com` or `*.example.com`. Default none. */
  ownedDomains: list(domainPattern(), 'an array of domains').default([]),
  /** The publisher's own sites, crawled to build the protected corpus. Default none. */
  sources: list(siteSchema, 'an array of sites').default([]),
  /** The publisher's copyright notice (版权声明), quoted verbatim in reports and takedown notices. Default none. */
  notice: z.string().max(20_000).nullable().default(null),
  /** Who signs takedown notices; what is missing stays a placeholder to fill in. Default none. */
  contact: z.strictObject({ name: z.string().optional(), email: z.string().optional(), address: z.string().optional() }).nullable().default(null),
});

const licenseeSchema = z
  .strictObject({
    /** Who holds the license. Required. */
    name: text(),
    /** The licensee's hosts: `example.com` (itself and www.), `*.example.com` (subdomains). Required, at least one. */
    domains: list(domainPattern(), 'an array of domains').min(1, { error: 'expected at least one domain' }),
    /** `full` (whole articles) or `excerpt` (parts of them). Required. */
    scope: z.enum(['full', 'excerpt'], { error: (iss) => expected('"full" or "excerpt"', iss.input) }),
    /** For `excerpt` licenses: the longest excerpt allowed, in characters. Default no limit. */
    maxExcerptChars: int(1).optional(),
    /** Reposts must credit the publisher. Default true. */
    requireCredit: bool().default(true),
    /** Reposts must link back to the publisher. Default false. */
    requireLink: bool().default(false),
    /** First day of the license, YYYY-MM-DD, inclusive. Default: always valid before validUntil. */
    validFrom: date().optional(),
    /** Last day of the license, YYYY-MM-DD, inclusive. Default: no end. */
    validUntil: date().optional(),
  })
  .refine((l) => !l.validFrom || !l.validUntil || l.validFrom <= l.validUntil, {
    error: 'expected validFrom on or before validUntil',
    path: ['validUntil'],
  });

const thresholdsSchema = z.strictObject({
  /** Containment (0..1) at or above which a copy is `full`. Default 0.8. */
  full: share().default(0.8),
  /** Containment (0..1) at or above which a copy is `partial`, given minMatchedChars. Default 0.15. */
  partial: share().default(0.15),
  /** Characters a `partial` copy needs at least. Default 80. */
  minMatchedChars: int(1).default(80),
  /** Characters that make a `partial` copy whatever its containment. Default 600. */
  substantialChars: int(1).default(600),
});

export const crawlerSchema = z.strictObject({
  /** The User-Agent sent with every request: the tool and a contact URL. Default copywatch's. */
  userAgent: text().default(DEFAULT_USER_AGENT),
  /** Requests in flight at once, over all hosts. Default 8. */
  concurrency: int(1, 256).default(8),
  /** Requests in flight at once to one host. Default 1. */
  perHost: int(1, 32).default(1),
  /** Least time between the starts of two requests to one host (ms); robots.txt Crawl-delay may raise it. Default 1000. */
  delayMs: int(0, 3_600_000).default(1000),
  /** Time limit for one fetch (ms): connecting, the headers, and the whole body (redirects included). Default 15000. */
  timeoutMs: int(100, 600_000).default(15_000),
  /** Largest body accepted (bytes, after decompression). Default 5 MB. */
  maxBytes: int(1024, 1024 * 1024 * 1024).default(5 * 1024 * 1024),
  /** Largest image accepted (bytes; photos of the publisher's articles and of suspect pages). Default 10 MB. */
  imageMaxBytes: int(1024, 1024 * 1024 * 1024).default(10 * 1024 * 1024),
  /** Images fetched per page at most (the index's articles and the scans' pages); 0 turns photos off. Default 8. */
  maxImagesPerPage: int(0, 100).default(8),
  /** Honour robots.txt (Disallow, Crawl-delay). Default true. */
  respectRobots: bool().default(true),
  /** Retries of a request that met a connection reset, 429 or 503 (Retry-After honoured, backoff doubling). Default 2. */
  retries: int(0, 10).default(2),
  /** Redirects followed at most for one fetch. Default 5. */
  maxRedirects: int(0, 20).default(5),
  /** How long a host's robots.txt is kept before it is read again (ms). Default 3600000 (1 h). */
  robotsTtlMs: int(0).default(3_600_000),
  /** Consecutive failures after which a host is given up for the rest of the crawl (backed off from half of it). Default 5. */
  maxHostFailures: int(1, 1000).default(5),
  /**
   * Host → `address` or `address:port`, like curl's --resolve but for every port: requests to
   * the host connect there (the URL and the Host header stay as they are; without a port, the
   * URL's port is kept). These hosts pass the private-address guard. Default none.
   */
  resolve: z.record(hostName(), resolveTarget(), { error: (iss) => expected('an object of host: address', iss.input) }).default({}),
  /** Let manual checks and crawls reach private, loopback and link-local addresses. Default false. */
  allowPrivate: bool().default(false),
  /** Hosts (`example.com`, `*.example.com`) allowed to resolve to private addresses. Default none. */
  allowHosts: list(domainPattern(), 'an array of domains').default([]),
});

const sqliteSchema = z.strictObject({
  /** The database file, relative to the working directory. Default `data/copywatch.db`. */
  path: text().default('data/copywatch.db'),
});

const postgresSchema = z.strictObject({
  /** A connection URL, `postgres://user:pass@host:5432/db`. Required. */
  url: text('a postgres:// URL').regex(/^postgres(ql)?:\/\//, { error: (iss) => expected('a postgres:// URL', iss.input) }),
  /**
   * The schema (namespace) that holds copywatch's tables, created when missing: lower-case letters,
   * digits and `_`. Several copywatch instances (or test runs) can share a database, each in its
   * own schema. Default `public`.
   */
  schema: text('a schema name (lower-case letters, digits and _)')
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, { error: (iss) => expected('a schema name (lower-case letters, digits and _, at most 63)', iss.input) })
    .default('public'),
});

const storageSchema = z
  .strictObject({
    /** One machine: a SQLite file. The default store. */
    sqlite: sqliteSchema.optional(),
    /** Several machines: PostgreSQL. */
    postgres: postgresSchema.optional(),
  })
  .refine((s) => !(s.sqlite && s.postgres), { error: 'expected one of sqlite or postgres, not both' })
  .transform((s) => (s.postgres ? { postgres: s.postgres } : { sqlite: s.sqlite ?? { path: 'data/copywatch.db' } }));

const serverSchema = z.strictObject({
  /** Address the dashboard and API listen on. Default 127.0.0.1. */
  host: text().default('127.0.0.1'),
  /** Port. Default 8080. */
  port: int(0, 65535).default(8080),
  /**
   * Bearer token for the API and the dashboard (read and write). Default: the COPYWATCH_TOKEN
   * environment variable; the server refuses to start with neither.
   */
  token: text().optional(),
  /** Bearer token that may only read (GET requests). Default: the COPYWATCH_READ_TOKEN environment variable, else none. */
  readOnlyToken: text().optional(),
  /**
   * Serve without the bootstrap token: only accounts sign in (the server then refuses to start
   * unless an active admin account exists). Default false: server.token is required.
   */
  accountsOnly: bool().default(false),
  /** How long a dashboard session lasts after signing in (hours). Default 12. */
  sessionHours: int(1, 24 * 90).default(12),
  /** Mark the session cookie Secure even when the request came over plain HTTP (behind a TLS proxy). Default false. */
  secureCookies: bool().default(false),
  /** Manual checks (POST /api/check) a token may start per minute, refilled evenly. Default 10. */
  checksPerMinute: int(1, 10_000).default(10),
  /** Manual checks a token may start at once before the per-minute rate applies. Default 5. */
  checkBurst: int(1, 1000).default(5),
});

/**
 * The shared job queue (pg-boss 10 in the store's PostgreSQL database, schema `<storage schema>_boss`):
 * `copywatch scan` enqueues page jobs and `copywatch worker` processes take them. Needs
 * `storage.postgres`. Without it (the default), scans crawl in their own process as before.
 */
const queueSchema = z.strictObject({
  /** Scans enqueue page jobs for `copywatch worker` processes instead of crawling in-process. Default false. */
  enabled: bool().default(false),
  /** How often an idle worker asks the queue for jobs, and a waiting scan for its progress (ms). Default 500. */
  pollMs: int(50, 60_000).default(500),
  /** A job not finished in this time (its worker died or hung) is expired and retried (seconds). Default 300. */
  jobTimeoutSec: int(2, 82_800).default(300),
  /** Retries of a page job after it failed or expired; after the last, the page is counted failed. Default 3. */
  retryLimit: int(0, 100).default(3),
  /** Page jobs one worker runs at once. Default 8. */
  batch: int(1, 256).default(8),
  /** How often a worker looks for articles other processes added to the corpus (ms). Default 5000. */
  corpusRefreshMs: int(100, 3_600_000).default(5000),
});

const providerSchema = z
  .strictObject({
    /** `searxng` (a SearXNG instance's JSON API) or `brave` (Brave Search API). Required. */
    type: z.enum(['searxng', 'brave'], { error: (iss) => expected('"searxng" or "brave"', iss.input) }),
    /** searxng: the instance's base URL (required). brave: the API's base URL. Default https://api.search.brave.com. */
    url: httpUrl().optional(),
    /** brave: the subscription token (X-Subscription-Token). Required for brave; never shown in logs, errors or the API. */
    apiKey: z
      .string({ error: (iss) => `expected an API key (a string), got ${iss.input === undefined ? 'nothing' : typeof iss.input}` })
      .min(1, { error: 'expected an API key, got an empty string' })
      .optional(),
  })
  .superRefine((p, ctx) => {
    if (p.type === 'searxng' && !p.url) ctx.addIssue({ code: 'custom', path: ['url'], message: 'expected the SearXNG instance URL (http://host:port)' });
    if (p.type === 'brave' && !p.apiKey) ctx.addIssue({ code: 'custom', path: ['apiKey'], message: 'expected the Brave Search API key' });
  });

/** Search-engine discovery (`copywatch discover`): distinctive passages asked as exact phrases, result URLs judged by the scan path. */
const discoverySchema = z.strictObject({
  /** Search engines, asked in order (the next one when one fails). Default none (discover then refuses to run). */
  providers: list(providerSchema, 'an array of search providers').default([]),
  /** Distinctive passages asked per article. Default 2. */
  queriesPerArticle: int(1, 20).default(2),
  /** Queries per UTC day over all providers; an exhausted budget stops the run for the day. Default 100. */
  dailyQueryBudget: int(0, 10_000_000).default(100),
  /** A result URL already looked at is not fetched again for this many days. Default 30. */
  revisitDays: int(0, 3650).default(30),
  /** Share (0..1) of the already-queried articles asked again per run, the longest-unasked first. Default 0.1. */
  rollingShare: share().default(0.1),
  /** Time limit of one search request (ms). Default 15000. */
  timeoutMs: int(100, 600_000).default(15_000),
  /** Retries of a search that met a 429, a 5xx or a network fault (Retry-After honoured, capped). Default 3. */
  retries: int(0, 10).default(3),
});

export const configSchema = z
  .strictObject({
    /** The publisher whose articles are protected. Required. */
    publisher: publisherSchema,
    /** Sites that may copy the publisher. Default none. */
    targets: list(siteSchema, 'an array of sites').default([]),
    /** Who may repost, on what terms. Default none. */
    licensees: list(licenseeSchema, 'an array of licensees').default([]),
    /** Rule files (JSON), relative to the config file's folder. Default none. */
    rules: list(text('a file path'), 'an array of file paths').default([]),
    /** Matching settings. */
    matching: z
      .strictObject({
        /** Verdict thresholds (see thresholdsSchema). */
        thresholds: thresholdsSchema.default(thresholdsSchema.parse({})),
      })
      .default({ thresholds: thresholdsSchema.parse({}) }),
    /** Crawler settings (see crawlerSchema). */
    crawler: crawlerSchema.default(crawlerSchema.parse({})),
    /** Where findings and the corpus are kept. Default `{ sqlite: { path: "data/copywatch.db" } }`. */
    storage: storageSchema.default({ sqlite: { path: 'data/copywatch.db' } }),
    /** The dashboard and API server. */
    server: serverSchema.default(serverSchema.parse({})),
    /** Jobs run on a schedule by `copywatch serve` and `copywatch worker`. Default none. */
    schedules: list(scheduleSchema, 'an array of schedules').default([]),
    /** The shared job queue for several workers (see queueSchema). Default disabled. */
    queue: queueSchema.default(queueSchema.parse({})),
    /** Search-engine discovery (see discoverySchema). Default no providers. */
    discovery: discoverySchema.default(discoverySchema.parse({})),
    /** Rules of notification for new and reopened findings (see alerts-schema.ts). Default none. */
    alerts: list(alertSchema, 'an array of alert rules').default([]),
    /** Evidence bundles (`copywatch evidence export`). */
    evidence: z
      .strictObject({
        /** An RFC 3161 Time-Stamp Authority: the bundle's manifest and each capture's body digest are stamped at export. Default none. */
        tsa: z
          .strictObject({
            /** Where TimeStampReqs are POSTed (application/timestamp-query). Required. */
            url: httpUrl(),
            /** The PEM certificate of the CA the TSA's certificate must chain to; checked at export (relative to the config file's folder). Default none. */
            certFile: text('a file path').optional(),
            /** Time limit for one request to the TSA (ms). Default 10000. */
            timeoutMs: int(100, 120_000).default(10_000),
            /** Let the TSA be at a private or loopback address (a TSA of one's own network; tests). Default false. */
            allowPrivate: bool().default(false),
          })
          .optional(),
        /**
         * Retention: `copywatch evidence prune` deletes the evidence of findings dismissed whose last
         * change is older than this many days (each deletion in the audit trail). Default none: evidence is kept for ever.
         */
        retainDismissedDays: int(1, 36_500).optional(),
        /** A full-page PNG of each captured suspect page, rendered by headless Chromium (scripts on, network limited to the page's origin behind the crawler's guard). Default false. */
        screenshot: bool().default(false),
        /** The Chromium binary the screenshots use (never a downloaded one). Default /usr/bin/chromium. */
        chromium: text('a file path').default('/usr/bin/chromium'),
        /** Time limit of one screenshot: load, scripts, render (ms). Default 30000. */
        screenshotTimeoutMs: int(1000, 300_000).default(30_000),
        /** The tallest page kept (px, at 1280 px wide); a taller page is cut there and says so. Default 16000. */
        screenshotMaxHeight: int(100, 60_000).default(16_000),
      })
      .default({ screenshot: false, chromium: '/usr/bin/chromium', screenshotTimeoutMs: 30_000, screenshotMaxHeight: 16_000 }),
    /** Web archives for scan-warc. */
    warc: z
      .strictObject({
        /**
         * The folder of WARC files (`.warc`, `.warc.gz`) that the API and the dashboard may scan, by
         * file name (relative to the config file's folder). Default none: scan-warc runs from the CLI only.
         */
        dir: text('a folder path').optional(),
        /**
         * With the queue on: how long one WARC file's job may run before it expires and is retried
         * (a Common Crawl file of 1 GB takes minutes). Default 7200 (2 h).
         */
        jobTimeoutSec: int(10, 82_800).default(7200),
        /**
         * scan-warc of an http(s) URL: the largest WARC file downloaded (bytes; a larger declared
         * length is refused before the run, a longer body ends the file there). Default 4 GiB
         * (Common Crawl's files are ~1 GB).
         */
        maxDownloadBytes: int(1024, 1024 ** 4).default(4 * 1024 ** 3),
        /**
         * scan-warc of an http(s) URL: the longest one download may take, judging included (the file
         * is judged as it arrives). Default 7200 (2 h).
         */
        downloadTimeoutSec: int(10, 172_800).default(7200),
      })
      .default({ jobTimeoutSec: 7200, maxDownloadBytes: 4 * 1024 ** 3, downloadTimeoutSec: 7200 }),
  })
  .superRefine((config, ctx) => {
    if (config.queue.enabled && !('postgres' in config.storage)) {
      ctx.addIssue({
        code: 'custom',
        path: ['queue', 'enabled'],
        message: 'expected storage.postgres with the queue enabled (the queue lives in PostgreSQL; SQLite serves one machine)',
      });
    }
    if (config.queue.enabled && 'postgres' in config.storage && config.storage.postgres && config.storage.postgres.schema.length > 58) {
      ctx.addIssue({
        code: 'custom',
        path: ['storage', 'postgres', 'schema'],
        message: `expected a schema name of at most 58 characters with the queue enabled (the queue's schema is <schema>_boss), got ${config.storage.postgres.schema.length}`,
      });
    }
    const names = new Map<string, string>();
    const sites = [
      ...config.publisher.sources.map((s, i) => [s.name, ['publisher', 'sources', i, 'name']] as const),
      ...config.targets.map((s, i) => [s.name, ['targets', i, 'name']] as const),
    ];
    for (const [name, path] of sites) {
      const first = names.get(name);
      if (first) ctx.addIssue({ code: 'custom', path: [...path], message: `expected a site name used once, got ${JSON.stringify(name)} (also at ${first})` });
      else names.set(name, path.join('.'));
    }
    const channels = new Set<string>();
    config.alerts.forEach((a, i) => {
      const name = a.name ?? `alert-${i + 1}`;
      if (channels.has(name))
        ctx.addIssue({ code: 'custom', path: ['alerts', i, 'name'], message: `expected an alert name used once, got ${JSON.stringify(name)}` });
      channels.add(name);
    });
    config.schedules.forEach((s, i) => {
      if (s.target !== undefined && !config.targets.some((t) => t.name === s.target)) {
        ctx.addIssue({ code: 'custom', path: ['schedules', i, 'target'], message: `expected the name of a target, got ${JSON.stringify(s.target)}` });
      }
      if (s.job === 'evidence-stamp' && !config.evidence.tsa) {
        ctx.addIssue({
          code: 'custom',
          path: ['schedules', i, 'job'],
          message: 'expected evidence.tsa in the config with an evidence-stamp schedule (the Time-Stamp Authority it asks)',
        });
      }
      if (s.job === 'scan-warc' && config.warc.dir === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['schedules', i, 'job'],
          message: 'expected warc.dir in the config with a scan-warc schedule (the folder of WARC files it scans)',
        });
      }
    });
  });

export type Config = z.output<typeof configSchema>;
export type CrawlerConfig = z.output<typeof crawlerSchema>;
export type QueueConfig = z.output<typeof queueSchema>;
export type DiscoveryConfig = z.output<typeof discoverySchema>;
