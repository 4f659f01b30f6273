// The dashboard: sign-in with the token, then hash-routed views. Plain ES modules, no build step.
import { ApiError, get, token, whenUnauthorized, withQuery } from './api.js';
import { clear, h, setPublisher, toast } from './dom.js';
import { checkView } from './views/check.js';
import { corpusView } from './views/corpus.js';
import { findingView } from './views/finding.js';
import { findingsView } from './views/findings.js';
import { overviewView } from './views/overview.js';
import { scansView } from './views/scans.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const signout = document.getElementById('signout');
const publisher = document.getElementById('publisher');

/** The running view's cleanup (stops polling). */
let cleanup = null;
/** Bumped on every navigation, so a slow view does not draw over the next one. */
let generation = 0;
/** Whether the publisher's name has been asked for (once per sign-in, unless the first view brought it). */
let publisherShown = false;

const ROUTES = [
  [/^\/?$/, () => overviewView],
  [/^\/overview$/, () => overviewView],
  [/^\/findings$/, () => findingsView],
  [/^\/finding\/(\d+)$/, () => findingView],
  [/^\/check$/, () => checkView],
  [/^\/scans$/, () => scansView],
  [/^\/corpus$/, () => corpusView],
];

function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/overview';
  const [path, qs = ''] = raw.split('?');
  return { path, params: new URLSearchParams(qs) };
}

export function navigate(path, params) {
  location.hash = `#${withQuery(path, params ?? {})}`;
}

function loginView(root, message) {
  nav.hidden = true;
  signout.hidden = true;
  publisher.textContent = '';
  publisherShown = false;
  // No name: the token is never serialised into a form submission (and so never into a URL).
  const input = h('input', { type: 'password', autocomplete: 'current-password', required: true, 'aria-label': 'API token', autofocus: true });
  const status = h('p', { class: 'error', role: 'status' }, message ?? '');
  const form = h(
    'form',
    {
      class: 'panel login',
      on: {
        submit: async (event) => {
          event.preventDefault();
          const value = input.value.trim();
          if (!value) return;
          status.textContent = 'Checking…';
          try {
            await get('/api/sites', {}, value);
            token.set(value);
            status.textContent = '';
            route();
          } catch (error) {
            status.textContent = error instanceof ApiError && error.status === 401 ? 'That token is not valid.' : error.message;
          }
        },
      },
    },
    h('h1', {}, 'Sign in'),
    h('p', { class: 'muted' }, 'Enter the API token (server.token, or the read-only token to look without changing anything). It is kept for this tab only.'),
    h('label', { for: 'token-input', class: 'muted small' }, 'Token'),
    input,
    h('button', { type: 'submit' }, 'Sign in'),
    status,
  );
  input.id = 'token-input';
  root.append(form);
  input.focus();
}

/** The publisher's name in the top bar, unless the view just shown put it there (overview, corpus: they fetch the overview anyway). */
function showPublisher() {
  if (publisherShown || publisher.textContent) return;
  publisherShown = true;
  get('/api/overview', { days: 1 }).then(
    (data) => setPublisher(data.publisher?.name),
    () => {
      publisherShown = false;
    },
  );
}

async function route() {
  cleanup?.();
  cleanup = null;
  const mine = ++generation;
  clear(main);
  if (!token.get()) return loginView(main);
  nav.hidden = false;
  signout.hidden = false;
  const { path, params } = parseHash();
  const match = ROUTES.map(([re, view]) => [re.exec(path), view]).find(([m]) => m);
  const section = path === '/' ? 'overview' : path.startsWith('/finding') ? 'findings' : path.slice(1);
  for (const a of nav.querySelectorAll('a')) {
    const here = a.dataset.view === section;
    a.classList.toggle('active', here);
    if (here) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  if (!match) {
    main.append(h('div', { class: 'panel' }, h('h1', {}, 'Not found'), h('p', {}, 'No such page. '), h('a', { href: '#/overview' }, 'Back to the overview')));
    showPublisher();
    return;
  }
  const [m, view] = match;
  main.setAttribute('aria-busy', 'true');
  try {
    const result = await view()(main, { args: m.slice(1), params, navigate, alive: () => mine === generation });
    if (mine !== generation) result?.();
    else cleanup = typeof result === 'function' ? result : null;
  } catch (error) {
    if (mine !== generation) return;
    if (error instanceof ApiError && error.status === 401) return;
    clear(main);
    main.append(h('div', { class: 'panel' }, h('h1', {}, 'Something went wrong'), h('p', { class: 'error' }, `${error.code ?? 'ERROR'}: ${error.message}`)));
  } finally {
    main.removeAttribute('aria-busy');
  }
  if (mine === generation) showPublisher();
}

whenUnauthorized(() => {
  token.clear();
  cleanup?.();
  cleanup = null;
  generation++;
  clear(main);
  loginView(main, 'Signed out: the token is not valid (any more).');
});

signout.addEventListener('click', () => {
  token.clear();
  route();
});

window.addEventListener('hashchange', route);
window.addEventListener('unhandledrejection', (event) => {
  const error = event.reason;
  if (error instanceof ApiError && error.status === 401) return;
  toast(error?.message ?? String(error), 'error');
});

route();
