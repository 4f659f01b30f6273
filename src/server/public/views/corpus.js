// The corpus: how many of the publisher's articles are indexed, the last index run, and the
// articles themselves, in pages.
import { get } from '../api.js';
import { ago, badge, group, h, setPublisher, text, urlLink, when } from '../dom.js';

export async function corpusView(root, { params, navigate }) {
  const cursor = params.get('cursor') ?? '';
  const page = Number(params.get('page') ?? '1') || 1;
  const [overview, articles] = await Promise.all([get('/api/overview', { days: 1 }), get('/api/articles', { cursor, limit: 50 })]);
  setPublisher(overview.publisher?.name);
  const last = overview.corpus.lastIndex;
  root.append(
    h('h1', {}, 'Corpus'),
    h(
      'section',
      { class: 'panel' },
      h(
        'div',
        { class: 'cards' },
        h('div', { class: 'card' }, h('div', { class: 'n' }, group(articles.total)), h('div', { class: 'label' }, 'articles indexed')),
        h('a', { class: 'card', href: '#/scans' }, h('div', { class: 'n' }, last ? `#${last.id}` : '—'), h('div', { class: 'label' }, 'last index run')),
      ),
      last
        ? h(
            'p',
            {},
            badge('run', last.status),
            ' started ',
            when(last.startedAt),
            ` (${ago(last.startedAt)})`,
            last.endedAt ? [', ended ', when(last.endedAt)] : '',
            `: ${group(last.counts.pagesFetched)} pages fetched, ${group(last.counts.articles)} articles, ${group(last.counts.failed)} failed.`,
          )
        : h('p', { class: 'muted' }, 'The publisher has not been indexed yet: start an index run on the Scans page.'),
    ),
    h(
      'section',
      { class: 'panel' },
      h('h2', {}, `Articles${page > 1 ? `, page ${page}` : ''}`),
      articles.items.length
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
                  ['Title', 'Source', 'Published', 'Byline / credit', 'Indexed'].map((t) => h('th', {}, t)),
                ),
              ),
              h(
                'tbody',
                {},
                articles.items.map((a) =>
                  h(
                    'tr',
                    {},
                    h(
                      'td',
                      { class: 'title' },
                      a.title ? text(a.title, a.lang) : h('span', { class: 'muted' }, 'untitled'),
                      h('br'),
                      h('span', { class: 'small' }, urlLink(a.url)),
                    ),
                    h('td', {}, text(a.source)),
                    h('td', { class: 'nowrap small' }, a.publishedAt ?? '—'),
                    h('td', { class: 'small' }, text([a.byline, a.credit].filter(Boolean).join(' · ') || '—')),
                    h(
                      'td',
                      { class: 'nowrap small' },
                      when(a.firstSeen),
                      h('br'),
                      a.copies
                        ? h('a', { href: `#/findings?article=${encodeURIComponent(a.id)}` }, `${group(a.copies)} ${a.copies === 1 ? 'copy' : 'copies'}`)
                        : h('span', { class: 'muted' }, 'no copies'),
                    ),
                  ),
                ),
              ),
            ),
          )
        : h('p', { class: 'empty' }, 'No articles.'),
      h(
        'div',
        { class: 'row' },
        cursor ? h('button', { type: 'button', class: 'secondary', on: { click: () => navigate('/corpus') } }, '← First page') : null,
        articles.nextCursor
          ? h(
              'button',
              { type: 'button', class: 'secondary', on: { click: () => navigate('/corpus', { cursor: articles.nextCursor, page: page + 1 }) } },
              'Next page →',
            )
          : null,
      ),
    ),
  );
}
