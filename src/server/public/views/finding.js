// One finding: the original and the copy side by side with the matched passages highlighted, the
// rules broken with the clauses they cite, the capture that proves it, the audit trail, a status
// change with a note, and its reports.
import { download, get, send } from '../api.js';
import { onSubmit, reportButton } from '../controls.js';
import { badge, clear, group, h, highlighted, langFor, percent, text, toast, urlLink, when } from '../dom.js';
import { evidence, kv } from './finding-evidence.js';
import { photo } from './finding-photo.js';

function statusForm(detail, onChanged) {
  const { finding, transitions } = detail;
  if (!transitions.length) return h('p', { class: 'muted' }, `No change can be made by hand from ${finding.status}.`);
  const select = h(
    'select',
    { name: 'status', 'aria-label': 'New status' },
    transitions.map((s) => h('option', { value: s }, s)),
  );
  const note = h('textarea', { name: 'note', maxlength: 2000, placeholder: 'Why (kept in the audit trail)', 'aria-label': 'Note' });
  const button = h('button', { type: 'submit' }, 'Change status');
  const message = h('p', { class: 'error', role: 'status' });
  const form = h(
    'form',
    {
      'data-needs': 'analyst',
      on: {
        submit: onSubmit(
          button,
          async () => {
            message.textContent = '';
            const updated = await send('PATCH', `/api/findings/${finding.id}`, { status: select.value, note: note.value.trim() || null });
            toast(`Finding #${finding.id} is now ${updated.finding.status}`);
            onChanged(updated);
          },
          (error) => {
            message.textContent = error;
          },
        ),
      },
    },
    h('div', { class: 'row' }, h('span', {}, 'Mark as'), select, button),
    note,
    message,
  );
  return form;
}

/** Scrolls the text box holding `mark` so that the mark is near its top. */
function scrollTo(mark) {
  const box = mark.closest('.text');
  if (box) box.scrollTop = mark.offsetTop - box.offsetTop - 40;
}

/** Once laid out, each text box starts at its first matched passage when that is below the fold. */
function showFirstPassages(root) {
  for (const box of root.querySelectorAll('.text')) {
    const mark = box.querySelector('mark');
    if (mark && mark.offsetTop - box.offsetTop + mark.offsetHeight > box.clientHeight) scrollTo(mark);
  }
}

function texts(detail) {
  const { finding, original, copy } = detail;
  const left = highlighted(
    original.text ?? '',
    finding.passages.map((p) => p.original),
    'o',
  );
  const right =
    copy.text === null
      ? null
      : highlighted(
          copy.text,
          finding.passages.map((p) => p.suspect),
          's',
        );
  const lang = langFor(original.text, original.lang);
  const focus = (i) => {
    for (const m of document.querySelectorAll('mark.active')) m.classList.remove('active');
    for (const mark of [left.marks[i], right?.marks[i]]) {
      if (!mark) continue;
      mark.classList.add('active');
      scrollTo(mark);
    }
  };
  const passages = finding.passages.length
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
              h('th', { class: 'num' }, '#'),
              h('th', { class: 'num' }, 'Original'),
              h('th', { class: 'num' }, 'Copy'),
              h(
                'th',
                { class: 'num', title: 'the passage as the original prints it: punctuation, spaces and the small gaps a passage bridges included' },
                'Length',
              ),
              h('th', {}, 'Text'),
            ),
          ),
          h(
            'tbody',
            {},
            finding.passages.map((p, i) =>
              h(
                'tr',
                { class: 'clickable', on: { click: () => focus(i) } },
                h('td', { class: 'num' }, String(i + 1)),
                h('td', { class: 'num' }, `${p.original.start}–${p.original.end}`),
                h('td', { class: 'num' }, `${p.suspect.start}–${p.suspect.end}`),
                h('td', { class: 'num' }, group(p.original.end - p.original.start)),
                h('td', {}, text(p.original.text.length > 160 ? `${p.original.text.slice(0, 160)}…` : p.original.text, lang)),
              ),
            ),
          ),
        ),
      )
    : h('p', { class: 'muted' }, 'No passages recorded.');
  const counted = h(
    'p',
    { class: 'small muted' },
    `${group(finding.matchedChars)} characters matched: the letters, digits and CJK characters of the original found in the copy. ` +
      "A passage's length is as the original prints it (punctuation, spaces and the small edits it bridges included), so the lengths add up to more.",
  );
  return h(
    'section',
    { class: 'panel' },
    h('h2', {}, 'The original and the copy'),
    h(
      'p',
      { class: 'small muted' },
      `${finding.passages.length} matched passage(s), highlighted in both. Click a passage below to find it. The copy's text is ${finding.scope === 'article' ? 'its extracted article' : "the whole page's readable text (the copy sits outside the page's own article)"}.`,
    ),
    h(
      'div',
      { class: 'texts' },
      h(
        'div',
        {},
        h('h3', {}, 'Original'),
        h('p', { class: 'small' }, urlLink(original.url)),
        original.text
          ? h('div', { class: 'text', lang, id: 'original-text' }, left.fragment)
          : h('p', { class: 'muted' }, 'The original is no longer in the corpus.'),
      ),
      h(
        'div',
        {},
        h('h3', {}, 'Copy'),
        h('p', { class: 'small' }, urlLink(copy.url)),
        right
          ? h('div', { class: 'text', lang: langFor(copy.text, null) ?? lang, id: 'copy-text' }, right.fragment)
          : h('p', { class: 'muted' }, 'No capture text is stored.'),
      ),
    ),
    h('h3', {}, 'Matched passages'),
    passages,
    finding.passages.length ? counted : null,
  );
}

function rules(violations) {
  if (!violations.length) return h('p', { class: 'muted' }, 'No rule broken.');
  return violations.map((v) =>
    h(
      'div',
      { class: `rule sev-${v.severity}` },
      h(
        'div',
        { class: 'row' },
        badge('sev', v.severity),
        h('strong', {}, text(v.title)),
        h('code', { class: 'small muted rule-id' }, v.ruleId),
        v.term ? h('span', { class: 'badge' }, v.term) : null,
      ),
      v.clause ? h('blockquote', { lang: langFor(v.clause) }, v.clause) : null,
      v.advice ? h('p', { class: 'small' }, text(v.advice)) : null,
    ),
  );
}

function events(list) {
  if (!list.length) return h('p', { class: 'muted' }, 'No events.');
  return h(
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
          ['When', 'Who', 'Change', 'Note'].map((t) => h('th', {}, t)),
        ),
      ),
      h(
        'tbody',
        {},
        list.map((ev) =>
          h(
            'tr',
            {},
            h('td', { class: 'nowrap small' }, when(ev.at)),
            h('td', {}, text(ev.actor)),
            h('td', { class: 'nowrap' }, ev.from ? badge('st', ev.from) : h('span', { class: 'muted' }, 'new'), ' → ', badge('st', ev.to)),
            h('td', {}, ev.note ? text(ev.note) : h('span', { class: 'muted' }, '—')),
          ),
        ),
      ),
    ),
  );
}

function render(root, detail) {
  clear(root);
  const { finding, original } = detail;
  const title = finding.articleTitle ?? original.title;
  const report = (label, query) => reportButton(label, { finding: finding.id, ...query });
  root.append(
    h('p', { class: 'small' }, h('a', { href: '#/findings' }, '← Findings')),
    h('h1', {}, `Finding #${finding.id}`, title ? ': ' : '', title ? text(title, original.lang) : null),
    h(
      'div',
      { class: 'row' },
      badge('st', finding.status),
      badge('sev', finding.severity),
      finding.kind === 'image' ? h('span', { class: 'badge' }, 'photo') : h('span', { class: 'badge' }, finding.verdict),
      finding.kind === 'text+image' ? h('span', { class: 'badge' }, 'and its photo') : null,
      h('span', { class: 'badge' }, `${percent(finding.containment)} of the original`),
      h(
        'span',
        { class: 'badge', title: 'letters, digits and CJK characters of the original found in the copy (punctuation and spaces not counted)' },
        `${group(finding.matchedChars)} characters matched`,
      ),
      finding.facts.credited ? h('span', { class: 'badge' }, 'credits the publisher') : h('span', { class: 'badge' }, 'no credit'),
      finding.facts.linksBack ? h('span', { class: 'badge' }, 'links back') : null,
    ),
    h(
      'p',
      {},
      'Copy at ',
      urlLink(finding.url),
      ' ',
      h('a', { href: `#/findings?site=${encodeURIComponent(finding.host)}`, class: 'small' }, `(all of ${finding.host})`),
    ),
    h(
      'div',
      { class: 'grid two' },
      h(
        'section',
        { class: 'panel' },
        h('h2', {}, 'Review'),
        statusForm(detail, (updated) => render(root, updated)),
        h('h3', {}, 'Reports'),
        h(
          'div',
          { class: 'downloads' },
          report('Evidence report (HTML)', { format: 'html' }),
          report('中文 takedown notice', { format: 'html', notice: 'zh' }),
          report('English takedown notice', { format: 'html', notice: 'en' }),
          report('JSON', { format: 'json' }),
          h(
            'button',
            {
              type: 'button',
              class: 'secondary',
              title: 'a ZIP of the captures as WARC, the evidence report and a manifest of SHA-256 digests; check it with copywatch evidence verify',
              on: { click: () => download(`/api/findings/${finding.id}/bundle`).then((name) => toast(`Downloaded ${name}`)) },
            },
            'Download evidence bundle',
          ),
        ),
      ),
      h(
        'section',
        { class: 'panel' },
        h('h2', {}, 'Summary'),
        kv([
          ['Original', h('span', {}, title ? text(title, original.lang) : '', h('br'), h('span', { class: 'small' }, urlLink(original.url)))],
          ['Published', original.publishedAt],
          ['Byline / credit', [original.byline, original.credit].filter(Boolean).join(' · ') || null],
          ['First seen', when(finding.firstSeen)],
          ['Last seen', when(finding.lastSeen)],
          ['Licensee', finding.facts.licensee ? text(`${finding.facts.licensee} (${finding.facts.licenseStatus})`) : null],
          ['Teaser', finding.facts.teaser ? 'yes: its headline and summary in a list of other stories on the page' : null],
          [
            'Found by discovery',
            finding.facts.discoveredBy
              ? h(
                  'span',
                  { class: 'discovered-by' },
                  `${finding.facts.discoveredBy.provider}, `,
                  when(finding.facts.discoveredBy.at),
                  h('br'),
                  h('span', { class: 'small' }, text(finding.facts.discoveredBy.query)),
                )
              : null,
          ],
          ['Commercial signals', ['ads', 'shop', 'paywall'].filter((k) => finding.facts.commercial[k]).join(', ') || 'none'],
        ]),
      ),
    ),
    h('section', { class: 'panel' }, h('h2', {}, 'Rules broken'), rules(finding.violations)),
    finding.facts.image ? h('section', { class: 'panel' }, h('h2', {}, 'Photo'), photo(finding.facts.image, finding)) : null,
    texts(detail),
    h(
      'div',
      { class: 'grid two' },
      h('section', { class: 'panel' }, h('h2', {}, 'Evidence'), evidence(detail.evidence, finding)),
      h('section', { class: 'panel' }, h('h2', {}, 'Audit trail'), events(detail.events)),
    ),
  );
  showFirstPassages(root);
}

export async function findingView(root, { args }) {
  const detail = await get(`/api/findings/${args[0]}`);
  const box = h('div');
  root.append(box);
  render(box, detail);
}
