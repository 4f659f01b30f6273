/**
 * The dashboard and the HTTP API on express 5: pure wiring. Every route validates its input,
 * calls the store or a job, and answers JSON; errors are `{error: {code, message}}`. The
 * dashboard is static files (src/server/public) served by the same process.
 *
 * Order of the middleware: security headers on everything; /api/health without a token; then,
 * for the rest of /api, who is asking (a token or a session cookie, with its CSRF token), the
 * least role of the route (ROUTE_ROLES), the content type, the body (64 KB at most), the routes,
 * and a JSON 404; the dashboard's files; the error handler last.
 */
import { once } from 'node:events';
import { STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { CopywatchError } from '../domain/index.ts';
import type { App } from '../scan/index.ts';
import { serialQueue, type ServerContext } from './context.ts';
import { errorHandler, HttpError } from './errors.ts';
import { FindingsCache } from './findings-cache.ts';
import { BackgroundJobs } from './jobs.ts';
import { openApiDocument } from './openapi.ts';
import { checkRoutes } from './routes/check.ts';
import { corpusRoutes } from './routes/corpus.ts';
import { findingRoutes } from './routes/findings.ts';
import { reportRoutes } from './routes/reports.ts';
import { findingImageRoutes } from './routes/finding-images.ts';
import { scanRoutes } from './routes/scans.ts';
import { authenticate, enforceRoles, type Tokens } from './auth/principal.ts';
import { assertRolesCover } from './auth/roles.ts';
import { SignInThrottle, type ThrottleLimits } from './auth/throttle.ts';
import { alertRoutes } from './routes/alerts.ts';
import { peopleRoutes } from './routes/people.ts';
import { requireJson, securityHeaders, TokenBuckets, type RateLimit } from './security.ts';

const PUBLIC_DIR = join(import.meta.dirname, 'public');

/** Largest request body accepted. */
const BODY_LIMIT = 64 * 1024;

export interface ServerOptions {
  /** Tokens; default server.token / server.readOnlyToken of the config, else COPYWATCH_TOKEN / COPYWATCH_READ_TOKEN. */
  tokens?: Partial<Tokens>;
  /** Environment the tokens are read from. Default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Manual checks per token; default server.checksPerMinute and server.checkBurst of the config. */
  checkRate?: RateLimit;
  /** How often a job started from the API writes its counts (ms). Default 500. */
  heartbeatMs?: number;
  /** Largest request body (bytes). Default 64 KB. */
  bodyLimit?: number;
  /** Where unexpected errors and job ends are written. Default stderr. */
  log?: (line: string) => void;
  /** Failed sign-ins allowed per account and per address in a window; default 5 and 20 in 15 minutes. */
  signInLimits?: ThrottleLimits;
  /** The runner of background jobs (startServer makes one and stops it on close). */
  jobs?: BackgroundJobs;
}

/** The tokens the server takes: options, then the config, then the environment. */
export function resolveTokens(app: App, options: Pick<ServerOptions, 'tokens' | 'env'> = {}): Tokens {
  const env = options.env ?? process.env;
  const admin = options.tokens?.admin ?? app.config.server.token ?? env.COPYWATCH_TOKEN;
  const read = options.tokens?.read ?? app.config.server.readOnlyToken ?? env.COPYWATCH_READ_TOKEN ?? null;
  // The bootstrap token retired: only accounts sign in (startServer checks that an admin account exists).
  if (!admin && app.config.server.accountsOnly) return { admin: null, read: read || null };
  if (!admin)
    throw new CopywatchError(
      'CONFIG_INVALID',
      `${app.config.file}: server.token is not set (set it in the config or in COPYWATCH_TOKEN): the API needs a token`,
    );
  if (read && read === admin) throw new CopywatchError('CONFIG_INVALID', `${app.config.file}: server.readOnlyToken is the same as server.token`);
  return { admin, read: read || null };
}

const defaultLog = (line: string) => process.stderr.write(`${line}\n`);

/** Each documented path (the OpenAPI test holds it to the routes) as a pattern, with the methods it takes. */
const DOCUMENTED = Object.entries(openApiDocument.paths).map(([path, ops]) => {
  const methods = Object.keys(ops).map((m) => m.toUpperCase());
  if (methods.includes('GET')) methods.splice(methods.indexOf('GET') + 1, 0, 'HEAD');
  return { pattern: new RegExp(`^${path.replace(/[.]/g, '\\.').replace(/\{\w+\}/g, '[^/]+')}/?$`, 'i'), allow: methods.join(', ') };
});

/** `GET, HEAD, PATCH` for a path the API has (under another method), else null. */
function allowedMethods(path: string): string | null {
  return DOCUMENTED.find((d) => d.pattern.test(path))?.allow ?? null;
}

/** A method the path does not take is 405 with its Allow header, before the body or its type is looked at. */
function methodAllowed(req: Request, _res: Response, next: NextFunction): void {
  const allow = allowedMethods(req.originalUrl.split('?')[0]);
  if (allow && req.method !== 'OPTIONS' && !allow.split(', ').includes(req.method)) {
    throw new HttpError('METHOD_NOT_ALLOWED', `${req.method} is not allowed here: use ${allow}`, { Allow: allow });
  }
  next();
}

/** A body declared larger than the limit is refused at once (413), without waiting for it. */
function declaredSize(limit: number) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const declared = Number(req.get('content-length'));
    if (Number.isFinite(declared) && declared > limit) {
      throw new HttpError('BODY_TOO_LARGE', `the request body is ${declared} bytes, larger than the limit of ${limit} bytes`, { Connection: 'close' });
    }
    next();
  };
}

/** JSON nested deeper than any request of the API needs is refused before anything walks it. */
const MAX_BODY_DEPTH = 32;

function bodyDepth(req: Request, _res: Response, next: NextFunction): void {
  const stack: Array<[unknown, number]> = [[req.body, 1]];
  while (stack.length) {
    const [value, depth] = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth > MAX_BODY_DEPTH) throw new HttpError('BODY_MALFORMED', `the request body is nested deeper than ${MAX_BODY_DEPTH} levels`);
    for (const child of Object.values(value)) stack.push([child, depth + 1]);
  }
  next();
}

function noStore(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Cache-Control', 'no-store');
  next();
}

export function createServer(app: App, options: ServerOptions = {}): Express {
  const log = options.log ?? defaultLog;
  const tokens = resolveTokens(app, options);
  const jobs = options.jobs ?? new BackgroundJobs(app, { heartbeatMs: options.heartbeatMs ?? 500, log });
  const rate = options.checkRate ?? { perMinute: app.config.server.checksPerMinute, burst: app.config.server.checkBurst };
  const ctx: ServerContext = {
    app,
    jobs,
    checks: new TokenBuckets(rate),
    signIns: new SignInThrottle(options.signInLimits),
    session: { ttlMs: app.config.server.sessionHours * 3_600_000, secureCookies: app.config.server.secureCookies },
    serial: serialQueue(),
    findingsCache: new FindingsCache(() => app.store.findings.version()),
  };

  const server = express();
  server.disable('x-powered-by');
  server.set('json escape', true); // <, > and & as \u003c ... in every JSON answer
  server.set('trust proxy', false);
  // No ETag on API answers (they are no-store; hashing every body costs time). Static files keep theirs.
  server.set('etag', false);
  server.use(securityHeaders);

  server.get('/api/health', noStore, (_req, res) => {
    res.json({ status: 'ok' });
  });

  // The API's description is public (the dashboard points people to it); it holds no data.
  server.get('/api/openapi.json', noStore, (_req, res) => {
    res.json(openApiDocument);
  });

  const bodyLimit = options.bodyLimit ?? BODY_LIMIT;
  server.use(
    '/api',
    noStore,
    authenticate(tokens, app.store, () => app.clock()),
    enforceRoles,
    methodAllowed,
    requireJson,
    declaredSize(bodyLimit),
    express.json({ limit: bodyLimit, strict: true, inflate: false, type: 'application/json' }),
    bodyDepth,
  );
  findingRoutes(server, ctx);
  checkRoutes(server, ctx);
  scanRoutes(server, ctx);
  corpusRoutes(server, ctx);
  reportRoutes(server, ctx);
  findingImageRoutes(server, ctx);
  peopleRoutes(server, ctx);
  alertRoutes(server, ctx);
  // A route nobody gave a minimum role stops the server here, not in production.
  assertRolesCover(server);
  server.use('/api', (req) => {
    const allow = allowedMethods(req.originalUrl.split('?')[0]);
    if (allow) throw new HttpError('METHOD_NOT_ALLOWED', `${req.method} is not allowed here: use ${allow}`, { Allow: allow });
    throw new HttpError('ROUTE_NOT_FOUND', `no such endpoint: ${req.method} ${req.path.slice(0, 100)} (see /api/openapi.json)`);
  });

  server.use(
    express.static(PUBLIC_DIR, {
      index: 'index.html',
      dotfiles: 'ignore',
      redirect: false,
      setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache'),
    }),
  );
  server.use((_req, res) => {
    res.status(404).type('text/plain').send('not found');
  });
  server.use(errorHandler(log));
  return server;
}

export interface RunningServer {
  /** `http://host:port` */
  url: string;
  port: number;
  /** Stops accepting, aborts the jobs it started (they end as interrupted) and waits for them. */
  close(): Promise<void>;
}

/**
 * A request Node's HTTP parser refused before express saw it: answered in the API's error shape
 * (Node's own answer is a bare `400 Bad Request`), then the connection is closed.
 */
function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, code, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'INPUT_INVALID', 'the request headers are larger than the server accepts']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'INPUT_INVALID', 'the request did not arrive whole in time']
        : error.code === 'HPE_INVALID_EOF_STATE'
          ? [400, 'BODY_MALFORMED', 'the request ended before its body did (fewer bytes than its Content-Length)']
          : [400, 'INPUT_INVALID', 'the request is not valid HTTP'];
  const body = JSON.stringify({ error: { code, message } });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

export async function startServer(app: App, options: ServerOptions & { host?: string; port?: number } = {}): Promise<RunningServer> {
  const log = options.log ?? defaultLog;
  const jobs = options.jobs ?? new BackgroundJobs(app, { heartbeatMs: options.heartbeatMs ?? 500, log });
  const handler = createServer(app, { ...options, jobs });
  if (resolveTokens(app, options).admin === null) {
    const admins = (await app.store.accounts.listUsers()).filter((u) => u.role === 'admin' && u.disabledAt === null);
    if (!admins.length) {
      throw new CopywatchError(
        'CONFIG_INVALID',
        `${app.config.file}: server.accountsOnly is set but no active admin account exists: add one first (copywatch users add NAME --role admin)`,
      );
    }
  }
  const host = options.host ?? app.config.server.host;
  const http: Server = handler.listen(options.port ?? app.config.server.port, host);
  await Promise.race([
    once(http, 'listening'),
    once(http, 'error').then(([error]) => {
      throw error;
    }),
  ]);
  http.requestTimeout = 60_000;
  http.headersTimeout = 20_000;
  http.on('clientError', answerClientError);
  const port = (http.address() as AddressInfo).port;
  const shown = host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | null = null;
  return {
    url: `http://${shown}:${port}`,
    port,
    close: () =>
      (closing ??= (async () => {
        const closed = new Promise<void>((resolve) => http.close(() => resolve()));
        http.closeIdleConnections();
        await jobs.close();
        http.closeAllConnections();
        await closed;
      })()),
  };
}
