// The findings table: filters (kept in the address, so a filtered list can be linked), sort,
// cursor pages, and the filtered list as CSV, JSON (and HTML for one site).
import { get, send } from '../api.js';
import { reportButton } from '../controls.js';
import { badge, h, percent, text, toast, urlLink, when } from '../dom.js';

const STATUS_CHOICES = [
  ['', 'any status'],
  ['open', 'open'],
  ['open,confirmed,notice-sent', 'needing action'],
  ['confirmed', 'confirmed'],
  ['notice-sent', 'notice sent'],
  ['resolved', 'resolved'],
  ['dismissed', 'dismissed'],
];
const SEVERITY_CHOICES = [
  ['', 'any severity'],
  ['critical', 'critical'],
  ['high', 'high or worse'],
  ['medium', 'medium or worse'],
  ['low', 'low or worse'],
];
const SORTS = [
  ['lastSeen', 'last seen'],
  ['firstSeen', 'first seen'],
  ['severity', 'severity'],
  ['containment', 'containment'],
];
const KIND_CHOICES = [
  ['', 'text and photos'],
  ['text', 'text'],
  ['image', 'photos'],
  ['text+image', 'text with its photo'],
];
const FILTERS = ['status', 'severity', 'kind', 'site', 'rule', 'since', 'article', 'sort', 'order'];
/** What a finding copies, as the list shows it. */
const KIND_LABELS = { text: 'text', image: 'photo', 'text+image': 'text + photo' };

function select(name, choices, value) {
  return h(
    'select',
    { name },
    choices.map(([v, label]) => h('option', { value: v, selected: v === (value ?? '') }, label)),
  );
}

export async function findingsView(root, { params, navigate }) {
  const current = Object.fromEntries(FILTERS.map((k) => [k, params.get(k) ?? '']));
  const cursor = params.get('cursor') ?? '';
  const page = Number(params.get('page') ?? '1') || 1;

  const form = h(
    'form',
    {
      class: 'filters',
      on: {
        submit: (event) => {
          event.preventDefault();
          const data = new FormData(form);
          navigate('/findings', Object.fromEntries(FILTERS.map((k) => [k, String(data.get(k) ?? '').trim()])));
        },
      },
    },
    h('label', { class: 'field' }, 'Status', select('status', STATUS_CHOICES, current.status)),
    h('label', { class: 'field' }, 'Severity', select('severity', SEVERITY_CHOICES, current.severity)),
    h('label', { class: 'field' }, 'Kind', select('kind', KIND_CHOICES, current.kind)),
    h('label', { class: 'field' }, 'Site (host)', h('input', { type: 'text', name: 'site', value: current.site, placeholder: 'mirror.example.com' })),
    h('label', { class: 'field' }, 'Rule', h('input', { type: 'text', name: 'rule', value: current.rule, placeholder: 'rule id' })),
    h('label', { class: 'field' }, 'Seen since', h('input', { type: 'date', name: 'since', value: current.since })),
    h('label', { class: 'field' }, 'Sort', select('sort', SORTS, current.sort || 'lastSeen')),
    h(
      'label',
      { class: 'field' },
      'Order',
      select(
        'order',
        [
          ['desc', 'newest / highest first'],
          ['asc', 'oldest / lowest first'],
        ],
        current.order || 'desc',
      ),
    ),
    current.article ? h('input', { type: 'hidden', name: 'article', value: current.article }) : null,
    h('button', { type: 'submit' }, 'Apply'),
    h('button', { type: 'button', class: 'secondary', on: { click: () => navigate('/findings') } }, 'Clear'),
  );

  const query = { ...current, cursor, limit: 50 };
  const data = await get('/api/findings', query);

  const filterQuery = Object.fromEntries(Object.entries(current).filter(([k, v]) => v && k !== 'sort' && k !== 'order'));
  const downloads = h(
    'div',
    { class: 'downloads' },
    reportButton('CSV', { format: 'csv', ...filterQuery }),
    reportButton('JSON', { format: 'json', ...filterQuery }),
    current.site ? reportButton(`HTML report of ${current.site}`, { format: 'html', site: current.site }) : null,
    current.site && data.items.some((f) => f.facts?.discoveredBy) ? promoteButton(current.site) : null,
  );

  const rows = data.items.map((f) =>
    h(
      'tr',
      {
        class: 'clickable',
        on: {
          click: (event) => {
            if (!(event.target instanceof HTMLAnchorElement)) navigate(`/finding/${f.id}`);
          },
        },
      },
      h('td', { class: 'num' }, h('a', { href: `#/finding/${f.id}` }, `#${f.id}`)),
      h('td', {}, badge('sev', f.severity)),
      h('td', {}, badge('st', f.status)),
      h('td', {}, KIND_LABELS[f.kind] ?? 'text', f.kind === 'image' ? null : h('div', { class: 'small' }, f.verdict)),
      h('td', { class: 'num' }, percent(f.containment)),
      h('td', { class: 'title' }, text(f.articleTitle ?? f.articleUrl)),
      h(
        'td',
        {},
        h('a', { href: `#/findings?site=${encodeURIComponent(f.host)}`, class: 'url' }, f.host),
        h('br'),
        h('span', { class: 'small' }, urlLink(f.url)),
      ),
      h(
        'td',
        { class: 'small' },
        f.violations.map((v) => h('div', {}, h('code', { class: 'rule-id' }, v.ruleId))),
      ),
      h('td', { class: 'nowrap small' }, when(f.lastSeen)),
    ),
  );

  const next = data.nextCursor
    ? h(
        'button',
        { type: 'button', class: 'secondary', on: { click: () => navigate('/findings', { ...current, cursor: data.nextCursor, page: page + 1 }) } },
        'Next page →',
      )
    : null;
  const first = cursor ? h('button', { type: 'button', class: 'secondary', on: { click: () => navigate('/findings', current) } }, '← First page') : null;

  root.append(
    h('h1', {}, 'Findings'),
    h('section', { class: 'panel' }, form),
    h(
      'section',
      { class: 'panel' },
      h(
        'div',
        { class: 'row between' },
        h('span', { class: 'muted' }, `Page ${page}: ${data.items.length} finding(s)${data.nextCursor ? ', more on the next page' : ''}`),
        downloads,
      ),
      rows.length
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
                  ['#', 'Severity', 'Status', 'Kind / verdict', 'Copied', 'Original article', 'Copy', 'Rules', 'Last seen'].map((t, i) =>
                    h('th', { class: i === 0 || i === 4 ? 'num' : null, scope: 'col' }, t),
                  ),
                ),
              ),
              h('tbody', {}, rows),
            ),
          )
        : h('p', { class: 'empty' }, 'No findings match.'),
      h('div', { class: 'row' }, first, next),
    ),
  );
}

/** A site that discovery found: the button adds it to the targets (POST /api/sites/:host/promote), so that scans crawl it. */
function promoteButton(host) {
  const button = h('button', { type: 'button', class: 'promote', 'data-needs': 'analyst' }, `Promote ${host} to a target`);
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const { target, created } = await send('POST', `/api/sites/${encodeURIComponent(host)}/promote`, {});
      toast(created ? `${target.name} is now a target: scans crawl it` : `${target.name} was already promoted`);
      button.textContent = `${host} is a target`;
    } catch (error) {
      toast(String(error?.message ?? error), 'error');
      button.disabled = false;
    }
  });
  return button;
}
