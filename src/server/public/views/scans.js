// Scans: start a job (index, scan, recheck) and watch the runs' counts move (polled while a run
// is running; the run's heartbeat writes them every half second).
import { ApiError, get, send } from '../api.js';
import { onSubmit } from '../controls.js';
import { ago, badge, clear, group, h, text, toast, urlLink, when } from '../dom.js';

/**
 * A running crawl finds its pages as it goes: how many are left is not known, only how many it has
 * found and not yet fetched. The bar is indeterminate, the counts say what they are.
 */
function progressOf(scan) {
  const c = scan.counts;
  const done = c.pagesFetched + c.notModified + c.skipped + c.failed;
  if (scan.status !== 'running') return h('span', { class: 'small muted' }, `${group(done)} page${done === 1 ? '' : 's'}`);
  const bar = h('progress', { 'aria-label': `run ${scan.id} progress` });
  return h('span', {}, bar, ' ', h('span', { class: 'small' }, `${group(done)} done, ${group(c.pagesQueued)} waiting (found so far; more may be found)`));
}

/** The run's pages that failed or held no article, by URL and reason: loaded when opened. */
function failedPages(scan) {
  const any = Object.keys(scan.reasons ?? {}).some((k) => k.startsWith('failed:') || (k.startsWith('no article:') && !k.includes('link-list')));
  if (!any) return null;
  const list = h('ol', { class: 'small failed-pages' });
  const details = h(
    'details',
    {
      on: {
        toggle: async () => {
          if (!details.open || list.childElementCount) return;
          try {
            const { failures } = await get(`/api/scans/${scan.id}`);
            if (!failures.length) list.append(h('li', { class: 'muted' }, 'none listed'));
            for (const f of failures) list.append(h('li', {}, urlLink(f.url), ' ', h('span', { class: 'muted' }, text(f.reason))));
          } catch (error) {
            list.append(h('li', { class: 'error' }, text(String(error.message ?? error))));
          }
        },
      },
    },
    h('summary', {}, 'which pages'),
    list,
  );
  return details;
}

function row(scan, now) {
  const c = scan.counts;
  const reasons = Object.entries(scan.reasons ?? {})
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4);
  return h(
    'tr',
    {},
    h('td', { class: 'num' }, `#${scan.id}`),
    h('td', { class: 'job' }, scan.job, scan.target ? h('span', { class: 'muted small' }, ' ', text(scan.target)) : null),
    h('td', {}, badge('run', scan.status)),
    h(
      'td',
      { class: 'nowrap small' },
      when(scan.startedAt),
      h('br'),
      h(
        'span',
        { class: 'muted' },
        scan.status === 'running' ? `heartbeat ${ago(scan.heartbeatAt ?? scan.startedAt, now)}` : scan.endedAt ? `ended ${ago(scan.endedAt, now)}` : '',
      ),
    ),
    h('td', {}, progressOf(scan)),
    h('td', { class: 'num' }, scan.job === 'index' ? group(c.articles) : group(c.matches)),
    h('td', { class: 'num' }, group(c.findingsNew)),
    h('td', { class: 'num' }, group(c.findingsUpdated)),
    h('td', { class: 'num' }, `${group(c.failed)} / ${group(c.skipped)}`),
    h(
      'td',
      { class: 'small reasons' },
      scan.error ? h('div', { class: 'error' }, text(scan.error)) : null,
      reasons.map(([k, n]) => h('div', { class: 'muted' }, text(`${k} ×${n}`))),
      scan.status === 'running' ? null : failedPages(scan),
    ),
  );
}

export async function scansView(root, { alive }) {
  const first = await get('/api/scans', { limit: 30 });
  const job = h(
    'select',
    { name: 'job', 'aria-label': 'Job' },
    ['scan', 'index', 'recheck', 'discover', 'scan-warc'].map((j) => h('option', { value: j }, j)),
  );
  const target = h('select', { name: 'target', 'aria-label': 'Target' });
  const fillTargets = () => {
    clear(target);
    const warc = job.value === 'scan-warc';
    const names = job.value === 'scan' ? first.targets : job.value === 'index' ? first.sources : warc ? first.warcFiles : [];
    const none = { recheck: '(every finding)', discover: '(every article)', scan: 'all targets', index: 'all sources' };
    if (!warc) target.append(h('option', { value: '' }, none[job.value]));
    else if (!names.length) target.append(h('option', { value: '' }, '(no WARC files in warc.dir)'));
    for (const n of names) target.append(h('option', { value: n }, n));
    target.disabled = job.value === 'recheck' || job.value === 'discover' || (warc && !names.length);
  };
  job.addEventListener('change', fillTargets);
  fillTargets();
  const button = h('button', { type: 'submit' }, 'Start');
  const message = h('p', { class: 'error', role: 'status' });
  const body = h('tbody');
  const table = h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      {},
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['Run', 'Job', 'Status', 'Started', 'Progress', 'Articles / matches', 'New findings', 'Seen again', 'Failed / skipped', 'Reasons, error'].map(
            (t, i) => h('th', { class: [0, 5, 6, 7, 8].includes(i) ? 'num' : null }, t),
          ),
        ),
      ),
      body,
    ),
  );

  let timer = null;
  const draw = (items) => {
    clear(body);
    const now = Date.now();
    if (!items.length) body.append(h('tr', {}, h('td', { colspan: 10, class: 'empty' }, 'No runs yet.')));
    for (const s of items) body.append(row(s, now));
  };
  const poll = async () => {
    timer = null;
    try {
      const data = await get('/api/scans', { limit: 30 });
      if (!alive()) return;
      draw(data.items);
      schedule(data.items.some((s) => s.status === 'running') ? 1000 : 5000);
    } catch (error) {
      if (alive() && !(error instanceof ApiError && error.status === 401)) schedule(5000);
    }
  };
  const schedule = (ms) => {
    if (alive() && !timer) timer = setTimeout(poll, ms);
  };

  const form = h(
    'form',
    {
      class: 'panel',
      'data-needs': 'analyst',
      on: {
        submit: onSubmit(
          button,
          async () => {
            message.textContent = '';
            const chosen =
              job.value === 'scan-warc' ? { files: target.value ? [target.value] : [] } : target.value && !target.disabled ? { target: target.value } : {};
            const { scan } = await send('POST', '/api/scans', { job: job.value, ...chosen });
            toast(`Started ${scan.job} #${scan.id}`);
            if (timer) clearTimeout(timer);
            timer = null;
            await poll();
          },
          (error) => {
            message.textContent = error;
          },
        ),
      },
    },
    h('h2', {}, 'Start a job'),
    h(
      'p',
      { class: 'small muted' },
      'index: crawl the publisher into the corpus · scan: crawl the targets for copies · recheck: fetch every open finding again · discover: ask the search engines for distinctive passages and judge the pages they find · scan-warc: judge a web-archive file of warc.dir. One job runs at a time.',
    ),
    h('div', { class: 'row' }, job, target, button),
    message,
  );

  root.append(h('h1', {}, 'Scans'), form, h('section', { class: 'panel' }, h('h2', {}, 'Runs'), table));
  draw(first.items);
  schedule(first.items.some((s) => s.status === 'running') ? 1000 : 5000);
  return () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
}
