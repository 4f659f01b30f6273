// The API client. Two ways in: a person signs in with a name and password (a session cookie,
// HttpOnly, that this script never sees; every change carries the session's CSRF token, kept in
// memory), or pastes an API token, kept in sessionStorage (gone when the tab closes) and sent as a
// bearer token. Errors come back as ApiError with the API's code and message.

const KEY = 'copywatch.token';

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export const token = {
  get: () => sessionStorage.getItem(KEY),
  set: (value) => sessionStorage.setItem(KEY, value),
  clear: () => sessionStorage.removeItem(KEY),
};

/** Who is signed in (GET /api/session): {actor, role, csrfToken, ...}, or null. */
let me = null;
export const session = {
  get: () => me,
  set: (value) => {
    me = value;
  },
  /** Whether the server said a session cookie was set (a companion cookie without the secret). */
  hinted: () => document.cookie.split(';').some((c) => c.trim().startsWith('cw_signed_in=')),
};

/** Called when the API says the token is not (or no longer) valid. */
let onUnauthorized = () => {};
export function whenUnauthorized(fn) {
  onUnauthorized = fn;
}

/**
 * `tokenValue` is given only to try a token at sign-in: its 401 is the sign-in form's to show,
 * not a reason to sign out.
 */
async function request(method, path, body, tokenValue) {
  const trying = tokenValue !== undefined;
  if (!trying) tokenValue = token.get();
  const headers = { Accept: 'application/json' };
  if (tokenValue) headers.Authorization = `Bearer ${tokenValue}`;
  else if (me?.csrfToken && method !== 'GET') headers['X-CSRF-Token'] = me.csrfToken;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res;
  try {
    const credentials = tokenValue ? 'omit' : 'same-origin';
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials, cache: 'no-store' });
  } catch (error) {
    throw new ApiError(0, 'NETWORK', `the server did not answer (${error.message})`);
  }
  if (!res.ok) {
    let code = `HTTP_${res.status}`;
    let message = res.statusText || `HTTP ${res.status}`;
    try {
      const data = await res.json();
      if (data?.error) ({ code, message } = data.error);
    } catch {
      /* not JSON */
    }
    if (res.status === 401 && !trying) onUnauthorized();
    throw new ApiError(res.status, code, message);
  }
  return res;
}

/** `path?a=1&b=x` of an object's values (undefined, null and empty values are left out), or `path` when none is left. */
export function withQuery(path, query = {}) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/** GET path?query as JSON; empty query values are left out. */
export async function get(path, query = {}, tokenValue) {
  return (await request('GET', withQuery(path, query), undefined, tokenValue)).json();
}

export async function send(method, path, body) {
  const res = await request(method, path, body);
  return res.status === 204 ? null : res.json();
}

/** Signs in with a name and password: the server sets the session cookie; the answer holds the CSRF token. */
export async function signIn(username, password) {
  return (await request('POST', '/api/session', { username, password }, '')).json();
}

/**
 * An image of the API (a screenshot) as a `data:image/png` URL, fetched with the token or the
 * session like every request (a plain <img src> could not send a bearer token); the dashboard's
 * policy allows data: images and nothing else from elsewhere. Refuses anything but a PNG.
 */
export async function pngDataUrl(path) {
  const res = await request('GET', path);
  const bytes = new Uint8Array(await res.arrayBuffer());
  const png = bytes.length > 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
  if (!png || !(res.headers.get('content-type') ?? '').startsWith('image/png')) throw new ApiError(res.status, 'NOT_PNG', 'the server did not send a PNG');
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return `data:image/png;base64,${btoa(binary)}`;
}

/** The image types the Photo panel shows (the server sends the type of the format it decoded). */
const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif']);

/**
 * A kept photo of a finding (GET /api/findings/:id/images/original|copy) as a `data:` URL of the
 * type the server decoded, fetched like every request; refuses any other type.
 */
export async function imageDataUrl(path) {
  const res = await request('GET', path);
  const type = (res.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (!IMAGE_TYPES.has(type)) throw new ApiError(res.status, 'NOT_IMAGE', `the server sent ${type || 'no type'}, not an image this page shows`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return `data:${type};base64,${btoa(binary)}`;
}

/** Fetches a report with the token and saves it as a file (the browser cannot send a bearer token on a plain link). */
export async function download(path, query = {}) {
  const res = await request('GET', withQuery(path, query));
  const blob = await res.blob();
  const disposition = res.headers.get('content-disposition') ?? '';
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'copywatch-report';
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name.replace(/[^\w.-]/g, '_');
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}
