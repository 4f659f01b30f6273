// Overview: open findings by severity, findings by status, the most-infringing sites, findings
// over time, the corpus and the latest runs.
import { get } from '../api.js';
import { barChart } from '../chart.js';
import { reportButton } from '../controls.js';
import { ago, badge, group, h, setPublisher, when } from '../dom.js';

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];
const STATUSES = ['open', 'confirmed', 'notice-sent', 'resolved', 'dismissed'];

function runLine(scan) {
  if (!scan) return h('span', { class: 'muted' }, 'never');
  return h('span', {}, badge('run', scan.status), ' ', `#${scan.id} `, h('span', { class: 'muted' }, when(scan.startedAt), ` (${ago(scan.startedAt)})`));
}

export async function overviewView(root) {
  const data = await get('/api/overview', { days: 30 });
  setPublisher(data.publisher?.name);

  const cards = h(
    'div',
    { class: 'cards' },
    SEVERITIES.map((s) =>
      h(
        'a',
        { class: `card sev-${s}`, href: `#/findings?status=open&severity=${s}` },
        h('div', { class: 'n' }, group(data.openBySeverity[s])),
        h('div', { class: 'label' }, s),
      ),
    ),
  );
  const statusCards = h(
    'div',
    { class: 'cards' },
    STATUSES.map((s) =>
      h('a', { class: 'card', href: `#/findings?status=${s}` }, h('div', { class: 'n' }, group(data.byStatus[s])), h('div', { class: 'label' }, s)),
    ),
  );

  const sites = data.sites.length
    ? h(
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
              h('th', {}, 'Site'),
              h('th', { class: 'num', title: 'open, confirmed or notice sent' }, 'To act on'),
              h('th', { class: 'num' }, 'All'),
              h('th', {}, 'Worst'),
              h('th', {}, 'Last seen'),
              h('th', {}, 'Report'),
            ),
          ),
          h(
            'tbody',
            {},
            data.sites.map((s) =>
              h(
                'tr',
                {},
                h('td', { class: 'host' }, h('a', { href: `#/findings?site=${encodeURIComponent(s.host)}`, class: 'url' }, s.host)),
                h(
                  'td',
                  { class: 'num' },
                  s.open ? h('a', { href: `#/findings?site=${encodeURIComponent(s.host)}&status=open,confirmed,notice-sent` }, group(s.open)) : '0',
                ),
                h('td', { class: 'num' }, group(s.findings)),
                h('td', {}, badge('sev', s.maxSeverity)),
                h('td', { class: 'nowrap small' }, when(s.lastSeen)),
                h('td', {}, reportButton('HTML', { format: 'html', site: s.host }, 'link')),
              ),
            ),
          ),
        ),
      )
    : h('p', { class: 'empty' }, 'No findings yet. Index the publisher, then scan the targets (Scans).');

  root.append(
    h('h1', {}, 'Overview'),
    h(
      'div',
      { class: 'grid two' },
      h(
        'section',
        { class: 'panel' },
        h('h2', {}, 'Open findings by severity'),
        cards,
        h('p', { class: 'small muted' }, `${group(data.total)} findings in all, on ${group(data.siteCount)} sites.`),
      ),
      h('section', { class: 'panel' }, h('h2', {}, 'All findings by status'), statusCards),
    ),
    h(
      'div',
      { class: 'grid wide-left' },
      h('section', { class: 'panel' }, h('h2', {}, 'Most-infringing sites'), sites),
      h(
        'section',
        { class: 'panel' },
        h('h2', {}, 'Findings over time'),
        h('p', { class: 'small muted' }, 'New findings per day (first seen, UTC), last 30 days.'),
        barChart(data.perDay),
      ),
    ),
    h(
      'section',
      { class: 'panel' },
      h('h2', {}, 'Corpus and runs'),
      h(
        'table',
        { class: 'kv' },
        h(
          'tbody',
          {},
          h('tr', {}, h('th', {}, 'Articles indexed'), h('td', {}, h('a', { href: '#/corpus' }, group(data.corpus.articles)))),
          h('tr', {}, h('th', {}, 'Last index run'), h('td', {}, runLine(data.corpus.lastIndex))),
          h('tr', {}, h('th', {}, 'Last scan'), h('td', {}, runLine(data.lastScan))),
          h(
            'tr',
            {},
            h('th', {}, 'Running now'),
            h(
              'td',
              {},
              data.running.length ? data.running.map((s) => h('a', { href: '#/scans' }, `${s.job} #${s.id} `)) : h('span', { class: 'muted' }, 'nothing'),
            ),
          ),
        ),
      ),
    ),
    h(
      'section',
      { class: 'panel' },
      h('h2', {}, 'Reports'),
      h('div', { class: 'downloads' }, reportButton('All findings (CSV)', { format: 'csv' }), reportButton('All findings (JSON)', { format: 'json' })),
      h('p', { class: 'small muted' }, 'HTML reports: per site (above), per finding (on its page).'),
    ),
  );
}
