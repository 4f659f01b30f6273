/**
 * One spelling per page: scheme and host in lower case, default ports dropped, `.` and `..`
 * resolved, the fragment dropped, tracking parameters dropped, the query sorted by name
 * (stable, so repeated names keep their order), percent-escapes in upper case. And the one check
 * of a URL that is to be fetched (parseHttpUrl).
 */
import { CopywatchError } from '../domain/index.ts';

/** Query parameters that only track the visit, never change the page. */
const TRACKING = new Set([
  'spm',
  'scm',
  'fbclid',
  'gclid',
  'gclsrc',
  'dclid',
  'msclkid',
  'yclid',
  'twclid',
  'ttclid',
  'igshid',
  'mc_cid',
  'mc_eid',
  '_hsenc',
  '_hsmi',
  'mkt_tok',
  'vero_id',
  '_ga',
  '_gl',
  'wbraid',
  'gbraid',
  'srsltid',
  'from_spm',
  'share_token',
  'share_source',
  'isappinstalled',
  'wxfrom',
  'wx_fmt',
]);

function isTracking(name: string): boolean {
  const n = name.toLowerCase();
  return TRACKING.has(n) || n.startsWith('utm_') || n.startsWith('pk_') || n.startsWith('hmsr');
}

/** A percent-escape with a lower-case hex digit. */
const LOWER_ESCAPE = /%([a-f][0-9a-fA-F]|[0-9A-F][a-f])/;

/**
 * The normalized form of `input` (resolved against `base`), or null when it is not an http(s)
 * URL. Never throws.
 */
export function normalizeUrl(input: string, base?: string | URL): string | null {
  let url: URL;
  try {
    url = new URL(input.trim(), base);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (!url.hostname) return null;
  // Each setter re-serializes the URL: only what needs changing is set (links on a page run through here).
  if (url.href.includes('#')) url.hash = '';
  if (url.username || url.password) {
    url.username = '';
    url.password = '';
  }
  if (url.hostname.endsWith('.')) url.hostname = url.hostname.replace(/\.+$/, '');
  if (url.search) {
    const kept = [...url.searchParams].filter(([name]) => !isTracking(name));
    kept.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    url.search = kept.length ? new URLSearchParams(kept).toString() : '';
  }
  if (LOWER_ESCAPE.test(url.pathname)) url.pathname = url.pathname.replace(/%[0-9a-f]{2}/gi, (e) => e.toUpperCase());
  return url.href;
}

/** `input` as a URL to fetch; URL_INVALID when it is not one, or not http(s). */
export function parseHttpUrl(input: string): URL {
  let url: URL;
  try {
    url = new URL(input);
  } catch (cause) {
    throw new CopywatchError('URL_INVALID', `not a URL: ${JSON.stringify(input.slice(0, 200))}`, { cause });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CopywatchError('URL_INVALID', `only http and https URLs can be fetched, not ${url.protocol} (${input.slice(0, 200)})`);
  }
  return url;
}
