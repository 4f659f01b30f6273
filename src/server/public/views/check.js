// Manual check: a URL someone sent in, checked against the corpus now. Shows the verdict of each
// match, the rules it breaks, and the findings recorded.
import { send } from '../api.js';
import { onSubmit } from '../controls.js';
import { badge, clear, group, h, percent, text, urlLink } from '../dom.js';

function matchBlock(m) {
  return h(
    'div',
    { class: `rule sev-${m.allowed ? 'low' : m.severity}` },
    h(
      'div',
      { class: 'row' },
      h('strong', {}, m.kind === 'image' ? 'photo' : m.kind === 'text+image' ? `${m.verdict} + photo` : m.verdict),
      h('span', {}, `copy of`),
      m.articleTitle ? text(m.articleTitle) : h('code', {}, m.articleId),
      h('span', { class: 'badge' }, `${percent(m.containment)} · ${group(m.matchedChars)} chars`),
      h('span', { class: 'badge' }, m.credited ? 'credited' : 'not credited'),
      h('span', { class: 'badge' }, m.linksBack ? 'links back' : 'no link back'),
      m.pageMirror ? h('span', { class: 'badge' }, 'page mirror') : null,
      m.teaser ? h('span', { class: 'badge' }, 'teaser') : null,
    ),
    m.articleUrl ? h('p', { class: 'small' }, 'Original: ', urlLink(m.articleUrl)) : null,
    m.allowed
      ? h(
          'p',
          { class: 'ok' },
          m.ownedDomain
            ? "Allowed: the publisher's own domain."
            : m.licensee
              ? h('span', {}, 'Allowed: licensed to ', text(m.licensee), ', within its terms.')
              : m.teaser
                ? 'Allowed: a teaser (its headline and summary in a list of other stories), no rule broken.'
                : 'Allowed: no rule broken.',
        )
      : h(
          'ul',
          {},
          m.violations.map((v) =>
            h('li', {}, badge('sev', v.severity), ' ', h('code', { class: 'rule-id' }, v.ruleId), ' ', text(v.title), v.term ? ` [${v.term}]` : ''),
          ),
        ),
  );
}

function result(r) {
  return h(
    'section',
    { class: 'panel' },
    h('h2', {}, 'Result'),
    h('p', {}, 'Checked ', urlLink(r.url), h('span', { class: 'muted small' }, ` (run #${r.scan.id})`)),
    r.article
      ? h(
          'p',
          {},
          'Article: ',
          r.article.title ? text(r.article.title, r.article.lang) : h('span', { class: 'muted' }, 'untitled'),
          r.article.credit ? h('span', { class: 'muted' }, ' · credit: ', text(r.article.credit)) : null,
          h('span', { class: 'muted' }, ` · ${group(r.article.chars)} characters`),
        )
      : h('p', { class: 'muted' }, `No article on this page (${r.reason?.code ?? 'unknown'}): `, r.reason?.message ?? ''),
    r.matches.length ? r.matches.map(matchBlock) : h('p', { class: 'ok' }, r.article ? 'No match in the corpus: this page does not copy the publisher.' : ''),
    r.findings.length
      ? h(
          'div',
          {},
          h('h3', {}, 'Findings recorded'),
          h(
            'ul',
            {},
            r.findings.map((f) =>
              h(
                'li',
                {},
                h('a', { href: `#/finding/${f.id}` }, `#${f.id}`),
                ' ',
                badge('sev', f.severity),
                ' ',
                badge('st', f.status),
                ' ',
                text(f.articleTitle ?? f.articleUrl),
              ),
            ),
          ),
        )
      : null,
  );
}

export async function checkView(root, { alive }) {
  const input = h('input', {
    type: 'url',
    name: 'url',
    class: 'wide',
    required: true,
    placeholder: 'https://example.com/some/article.html',
    'aria-label': 'URL to check',
    maxlength: 2048,
  });
  const button = h('button', { type: 'submit' }, 'Check');
  const out = h('div');
  const form = h(
    'form',
    {
      class: 'panel',
      'data-needs': 'analyst',
      on: {
        submit: onSubmit(
          button,
          async () => {
            clear(out).append(h('p', { class: 'muted' }, 'Fetching and checking…'));
            const r = await send('POST', '/api/check', { url: input.value.trim() });
            if (alive()) clear(out).append(result(r));
          },
          (error) => {
            if (alive()) clear(out).append(h('section', { class: 'panel' }, h('h2', {}, 'Not checked'), h('p', { class: 'error' }, error)));
          },
        ),
      },
    },
    h(
      'p',
      { class: 'muted' },
      'Fetch one page now and compare it with the corpus. Private, loopback and link-local addresses are refused; findings are recorded as a scan would.',
    ),
    h('div', { class: 'row' }, input, button),
  );
  root.append(h('h1', {}, 'Check a URL'), form, out);
  input.focus();
}
