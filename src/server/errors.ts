/**
 * Errors as the API gives them: `{error: {code, message}}` with a fitting status. The codes are
 * the engine's (CopywatchError, stable) and a few of the server's own (authentication, body and
 * content-type problems, rate limits). The one map from code to status is here.
 */
import type { NextFunction, Request, Response } from 'express';
import { CopywatchError, type ErrorCode } from '../domain/index.ts';

/** Codes only the server gives. */
const SERVER_CODES = {
  AUTH_REQUIRED: 401,
  AUTH_INVALID: 401,
  READ_ONLY: 403,
  /** The principal's role is below the route's (ROUTE_ROLES). */
  FORBIDDEN: 403,
  /** A change made with a session cookie without the session's CSRF token. */
  CSRF_FAILED: 403,
  ROUTE_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  BODY_MALFORMED: 400,
  BODY_TOO_LARGE: 413,
  MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
} as const;

type ServerCode = keyof typeof SERVER_CODES;
export type ApiErrorCode = ErrorCode | ServerCode;

/** HTTP status of each engine error code. */
const ENGINE_STATUS: Record<ErrorCode, number> = {
  INPUT_INVALID: 400,
  URL_INVALID: 400,
  INPUT_NOT_FOUND: 404,
  WARC_INVALID: 400,
  NOT_FOUND: 404,
  FINDING_TRANSITION: 409,
  JOB_RUNNING: 409,
  // A manual check whose destination is refused: the server will not go there.
  CRAWL_PRIVATE_ADDRESS: 403,
  // A manual check whose page could not be had: the fault is upstream.
  CRAWL_TIMEOUT: 504,
  CRAWL_NETWORK: 502,
  CRAWL_DNS: 502,
  CRAWL_HTTP_STATUS: 502,
  CRAWL_TOO_LARGE: 502,
  CRAWL_CONTENT_TYPE: 502,
  CRAWL_BLOCKED: 502,
  CRAWL_REDIRECT: 502,
  CRAWL_ROBOTS: 502,
  CRAWL_TRAP: 502,
  CRAWL_HOST_ABANDONED: 502,
  SEARCH_FAILED: 502,
  STORE_LOCKED: 503,
  STORE_FAILED: 500,
  STORE_READONLY: 500,
  STORE_FULL: 507,
  CONFIG_INVALID: 500,
  RULES_INVALID: 500,
  INTERNAL: 500,
};

function statusOf(code: ApiErrorCode): number {
  return (SERVER_CODES as Record<string, number>)[code] ?? ENGINE_STATUS[code as ErrorCode] ?? 500;
}

/** An error the server raises itself. */
export class HttpError extends Error {
  readonly code: ApiErrorCode;
  readonly status: number;
  readonly headers: Record<string, string>;

  constructor(code: ApiErrorCode, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'HttpError';
    this.code = code;
    this.status = statusOf(code);
    this.headers = headers;
  }
}

function sendError(res: Response, status: number, code: string, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.status(status).type('application/json').json({ error: { code, message } });
}

/** body-parser's errors carry a `type` and a `status`. */
interface ParserError {
  type?: string;
  status?: number;
  limit?: number;
}

/** The last middleware: every error becomes `{error: {code, message}}`; unexpected ones are logged, not shown. */
export function errorHandler(log: (line: string) => void) {
  return (error: unknown, _req: Request, res: Response, _next: NextFunction): void => {
    if (error instanceof HttpError) {
      for (const [k, v] of Object.entries(error.headers)) res.setHeader(k, v);
      return sendError(res, error.status, error.code, error.message);
    }
    if (error instanceof CopywatchError) {
      const status = statusOf(error.code);
      if (status >= 500) log(`${error.code}: ${error.message}`);
      return sendError(res, status, error.code, error.message);
    }
    const parser = error as ParserError;
    if (parser?.type === 'entity.too.large') {
      return sendError(res, 413, 'BODY_TOO_LARGE', `the request body is larger than ${parser.limit ?? 'the limit of'} bytes`);
    }
    if (parser?.type === 'entity.parse.failed') {
      return sendError(res, 400, 'BODY_MALFORMED', 'the request body is not valid JSON');
    }
    if (parser?.type === 'encoding.unsupported' || parser?.type === 'charset.unsupported') {
      return sendError(res, 415, 'MEDIA_TYPE', 'the request body must be UTF-8 JSON, not compressed');
    }
    if (parser?.type === 'request.aborted' || parser?.type === 'request.size.invalid') {
      return sendError(res, 400, 'BODY_MALFORMED', 'the request body was cut short or its length is wrong');
    }
    if (typeof parser?.status === 'number' && parser.status >= 400 && parser.status < 500) {
      return sendError(res, parser.status, 'INPUT_INVALID', 'the request could not be read');
    }
    log(`unexpected error: ${(error as Error)?.stack ?? String(error)}`);
    sendError(res, 500, 'INTERNAL', 'internal error (logged on the server)');
  };
}
