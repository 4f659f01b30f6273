// The dashboard: sign-in (a name and password, or an API token), then hash-routed views. Controls
// a role may not use are hidden (body[data-role], elements marked data-needs); the server enforces
// the same rules whatever the page shows. Plain ES modules, no build step.
import { ApiError, get, send, session, signIn, token, whenUnauthorized, withQuery } from './api.js';
import { clear, h, setPublisher, toast } from './dom.js';
import { checkView } from './views/check.js';
import { corpusView } from './views/corpus.js';
import { findingView } from './views/finding.js';
import { findingsView } from './views/findings.js';
import { overviewView } from './views/overview.js';
import { peopleView } from './views/people.js';
import { tokensView } from './views/tokens.js';
import { scansView } from './views/scans.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const signout = document.getElementById('signout');
const publisher = document.getElementById('publisher');
const whoami = document.getElementById('whoami');

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
  [/^\/people$/, () => peopleView],
  [/^\/tokens$/, () => tokensView],
];

function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/overview';
  const [path, qs = ''] = raw.split('?');
  return { path, params: new URLSearchParams(qs) };
}

export function navigate(path, params) {
  location.hash = `#${withQuery(path, params ?? {})}`;
}

function signedOut() {
  nav.hidden = true;
  signout.hidden = true;
  whoami.textContent = '';
  delete document.body.dataset.role;
  publisher.textContent = '';
  publisherShown = false;
  session.set(null);
}

function loginView(root, message) {
  signedOut();
  const field = (id, label, attrs) => [h('label', { for: id, class: 'muted small' }, label), h('input', { id, 'aria-label': label, ...attrs })];
  // No names: nothing typed here is ever serialised into a form submission (and so never into a URL).
  const [userLabel, user] = field('user-input', 'User name', { type: 'text', autocomplete: 'username', autofocus: true });
  const [passLabel, pass] = field('password-input', 'Password', { type: 'password', autocomplete: 'current-password' });
  const [tokenLabel, input] = field('token-input', 'API token', { type: 'password', autocomplete: 'off' });
  const status = h('p', { class: 'error', role: 'status' }, message ?? '');
  const form = h(
    'form',
    {
      class: 'panel login',
      on: {
        submit: async (event) => {
          event.preventDefault();
          const value = input.value.trim();
          status.textContent = 'Checking…';
          try {
            if (value) {
              await get('/api/sites', {}, value);
              token.set(value);
            } else {
              if (!user.value.trim() || !pass.value) {
                status.textContent = 'Enter your user name and password, or an API token.';
                return;
              }
              session.set(await signIn(user.value.trim(), pass.value));
            }
            status.textContent = '';
            route();
          } catch (error) {
            if (value) status.textContent = error instanceof ApiError && error.status === 401 ? 'That token is not valid.' : error.message;
            else status.textContent = error instanceof ApiError && error.status === 401 ? 'Wrong user name or password.' : error.message;
          }
        },
      },
    },
    h('h1', {}, 'Sign in'),
    h('p', { class: 'muted' }, 'With your account, or with an API token (a personal token, or the bootstrap server.token), kept for this tab only.'),
    userLabel,
    user,
    passLabel,
    pass,
    tokenLabel,
    input,
    h('button', { type: 'submit' }, 'Sign in'),
    status,
  );
  root.append(form);
  user.focus();
}

/** Who is asking, once per sign-in: the header shows them, and the page hides what their role may not do. */
async function identify() {
  if (!session.get()) session.set(await get('/api/session'));
  const me = session.get();
  document.body.dataset.role = me.role;
  whoami.textContent = `${me.actor} (${me.role})`;
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
  if (!token.get() && !session.get() && !session.hinted()) return loginView(main);
  try {
    await identify();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return;
    throw error;
  }
  if (mine !== generation) return;
  nav.hidden = false;
  signout.hidden = false;
  const { path, params } = parseHash();
  const match = ROUTES.map(([re, view]) => [re.exec(path), view]).find(([m]) => m);
  const section = path === '/' || path === '' ? 'overview' : path.startsWith('/finding') ? 'findings' : path.slice(1);
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
  session.set(null);
  cleanup?.();
  cleanup = null;
  generation++;
  clear(main);
  loginView(main, 'Signed out: the token or the session is not valid (any more).');
});

signout.addEventListener('click', async () => {
  if (token.get()) token.clear();
  else await send('DELETE', '/api/session').catch(() => {});
  session.set(null);
  route();
});

window.addEventListener('hashchange', route);
window.addEventListener('unhandledrejection', (event) => {
  const error = event.reason;
  if (error instanceof ApiError && error.status === 401) return;
  toast(error?.message ?? String(error), 'error');
});

route();
