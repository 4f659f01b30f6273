/**
 * One error class for the whole project. Every error carries a stable `code` that scripts and
 * the API can rely on, a `cause`, and what a running job should do about it.
 */

/** What a job does when it meets the error: try again later, skip this item, or stop. */
export type ErrorAction = 'retry' | 'skip' | 'stop';

export const ERROR_CODES = {
  CONFIG_INVALID: 'stop',
  RULES_INVALID: 'stop',
  INPUT_NOT_FOUND: 'stop',
  INPUT_INVALID: 'stop',
  URL_INVALID: 'skip',
  CRAWL_TIMEOUT: 'retry',
  CRAWL_NETWORK: 'retry',
  /** The host name does not resolve (NXDOMAIN, no address): the site may be gone. */
  CRAWL_DNS: 'retry',
  CRAWL_HTTP_STATUS: 'skip',
  CRAWL_TOO_LARGE: 'skip',
  CRAWL_CONTENT_TYPE: 'skip',
  CRAWL_BLOCKED: 'skip',
  CRAWL_REDIRECT: 'skip',
  CRAWL_PRIVATE_ADDRESS: 'skip',
  CRAWL_ROBOTS: 'skip',
  CRAWL_TRAP: 'skip',
  CRAWL_HOST_ABANDONED: 'skip',
  /** A search provider (discovery) failed after its retries, or answered what is not its contract. */
  SEARCH_FAILED: 'retry',
  /** A file given to scan-warc is not a WARC file (nor a gzipped one). */
  WARC_INVALID: 'stop',
  STORE_FAILED: 'stop',
  STORE_LOCKED: 'retry',
  STORE_READONLY: 'stop',
  STORE_FULL: 'stop',
  JOB_RUNNING: 'stop',
  FINDING_TRANSITION: 'stop',
  NOT_FOUND: 'stop',
  INTERNAL: 'stop',
} as const satisfies Record<string, ErrorAction>;

export type ErrorCode = keyof typeof ERROR_CODES;

export class CopywatchError extends Error {
  readonly code: ErrorCode;
  readonly action: ErrorAction;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CopywatchError';
    this.code = code;
    this.action = ERROR_CODES[code];
  }
}

export function isCopywatchError(value: unknown): value is CopywatchError {
  return value instanceof CopywatchError;
}

/** A one-line description of any thrown value, for CLI output and logs. */
export function describeError(error: unknown): string {
  if (error instanceof CopywatchError) return `${error.code}: ${error.message}`;
  if (error instanceof Error) return error.message.split('\n')[0] ?? String(error);
  return String(error);
}
