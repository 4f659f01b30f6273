// A finding's capture: what was fetched, when, from where, its digest, the web-archive record it
// came from, and the full-page screenshot taken with it (drawn from the API as a data: image).
import { pngDataUrl } from '../api.js';
import { clear, group, h, text, urlLink, when } from '../dom.js';

export function kv(rows) {
  return h(
    'table',
    { class: 'kv' },
    h(
      'tbody',
      {},
      rows.filter(Boolean).map(([k, v]) => h('tr', {}, h('th', { scope: 'row' }, k), h('td', {}, v ?? h('span', { class: 'muted' }, '—')))),
    ),
  );
}

export function evidence(e, finding) {
  if (!e) return h('p', { class: 'muted' }, 'No capture is stored for this finding.');
  return h(
    'div',
    {},
    kv([
      ['Captured', when(e.capturedAt)],
      ['Requested URL', urlLink(e.requestedUrl)],
      ['Final URL', urlLink(e.finalUrl)],
      e.redirects.length
        ? [
            'Redirects',
            h(
              'ol',
              {},
              e.redirects.map((r) => h('li', {}, urlLink(r))),
            ),
          ]
        : null,
      ['Status', String(e.status)],
      ['Address', e.remoteAddress ? h('code', {}, e.remoteAddress) : null],
      ['SHA-256', h('code', {}, e.sha256)],
      ['Size', `${group(e.size)} bytes`],
      e.note ? ['Note', text(e.note)] : null,
      e.warc ? ['Web archive', h('span', {}, h('code', {}, e.warc.file), ` at byte ${group(e.warc.offset)}, `, h('code', {}, e.warc.recordId))] : null,
      e.screenshot ? ['Screenshot', screenshot(e.screenshot, finding)] : null,
      ['Capture', `#${e.id} of finding #${finding.id}`],
    ]),
    Object.keys(e.headers).length
      ? h('details', {}, h('summary', {}, 'Response headers'), kv(Object.entries(e.headers).map(([k, v]) => [k, h('code', {}, v)])))
      : null,
  );
}

/**
 * The full-page screenshot taken at capture: its SHA-256, size, time, and the picture itself
 * (GET /api/findings/:id/screenshot, shown as a data: image, the dashboard's policy allows no other), or
 * why it is missing.
 */
function screenshot(s, finding) {
  if (!s.sha256) return h('span', { class: 'error' }, `missing: ${(s.note ?? 'not taken').replace(/^missing: /, '')}`);
  const img = h('img', { class: 'screenshot' });
  img.alt = `Screenshot of the page as captured (SHA-256 ${s.sha256})`;
  const holder = h('div', { class: 'screenshot-box' }, h('span', { class: 'muted small' }, 'Loading the screenshot…'));
  pngDataUrl(`/api/findings/${finding.id}/screenshot`)
    .then((url) => {
      img.src = url;
      clear(holder);
      holder.append(img);
    })
    .catch((error) => {
      clear(holder);
      holder.append(h('span', { class: 'error' }, `The screenshot cannot be shown: ${error.message}`));
    });
  return h(
    'span',
    {},
    h('code', {}, s.sha256),
    ` PNG, ${group(s.size ?? 0)} bytes, taken ${s.takenAt ?? '?'} (also in the evidence bundle)`,
    s.note ? h('div', { class: 'muted small' }, s.note) : null,
    holder,
  );
}
