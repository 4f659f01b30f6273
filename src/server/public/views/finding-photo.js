// The photo panel of a finding's page: the publisher's photo found on the copy page, both images
// as links with their size and SHA-256, the part matched, the distance, the changes, the credit.
import { h, urlLink } from '../dom.js';

function row(k, v) {
  return h('tr', {}, h('th', { scope: 'row' }, k), h('td', {}, v));
}

/** The publisher's photo found on the page: both images (links, sizes, SHA-256), the part matched, the distance, the changes. */
export function photo(image) {
  const side = (s) => h('span', {}, urlLink(s.url), h('br'), h('span', { class: 'small' }, `${s.width}×${s.height} px · SHA-256 `, h('code', {}, s.sha256)));
  const r = image.region;
  const whole = r.w >= 0.999 && r.h >= 0.999;
  const pct = (v) => `${Math.round(v * 100)}%`;
  return h(
    'table',
    { class: 'kv' },
    h(
      'tbody',
      {},
      row('Original image', side(image.original)),
      row('Copy', side(image.copy)),
      row('Matched part of the original', whole ? 'the whole image' : `${pct(r.w)} × ${pct(r.h)}, from ${pct(r.x)} left, ${pct(r.y)} top`),
      row('Distance', `${image.distance} of 64 bits (perceptual hash)`),
      row('Changes', image.transforms.length ? image.transforms.join(', ') : 'none: the same file'),
      row('Credit near the photo', image.credited ? 'names the publisher' : 'no credit'),
    ),
  );
}
