// The photo panel of a finding's page: the publisher's photo found on the copy page, the original
// and the copy side by side (as kept as evidence, drawn as data: images) with the matched part
// outlined on the original, both as links with their size and SHA-256, the part matched, the
// distance, the changes, the credit.
import { imageDataUrl } from '../api.js';
import { clear, h, urlLink } from '../dom.js';

/** One kept image, loaded through the API; on the original, the matched region outlined (fractions of it). */
function picture(finding, role, region) {
  const label = role === 'original' ? 'Original' : 'Copy';
  const img = h('img', { class: 'photo-image' });
  img.alt = `${label} image, as kept as evidence`;
  const frame = h('div', { class: 'photo-frame' }, h('span', { class: 'muted small' }, `Loading the ${role}…`));
  imageDataUrl(`/api/findings/${finding.id}/images/${role}`)
    .then((url) => {
      img.src = url;
      clear(frame);
      frame.append(img);
      if (region) {
        const box = h('div', { class: 'photo-region', title: 'the part of the original the copy matched' });
        // CSSOM, not a style attribute: the dashboard's policy allows no inline style.
        box.style.left = `${region.x * 100}%`;
        box.style.top = `${region.y * 100}%`;
        box.style.width = `${region.w * 100}%`;
        box.style.height = `${region.h * 100}%`;
        frame.append(box);
      }
    })
    .catch((error) => {
      clear(frame);
      frame.append(h('span', { class: 'error' }, `The ${role} cannot be shown: ${error.message}`));
    });
  return h('figure', { class: 'photo-side' }, frame, h('figcaption', { class: 'small' }, label));
}

function row(k, v) {
  return h('tr', {}, h('th', { scope: 'row' }, k), h('td', {}, v));
}

/** The publisher's photo found on the page: both images side by side and as links (sizes, SHA-256), the part matched, the distance, the changes. */
export function photo(image, finding) {
  const side = (s) => h('span', {}, urlLink(s.url), h('br'), h('span', { class: 'small' }, `${s.width}×${s.height} px · SHA-256 `, h('code', {}, s.sha256)));
  const r = image.region;
  const whole = r.w >= 0.999 && r.h >= 0.999;
  const pct = (v) => `${Math.round(v * 100)}%`;
  const pair = h('div', { class: 'photo-pair' }, picture(finding, 'original', whole ? null : r), picture(finding, 'copy', null));
  const table = h(
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
  return h('div', {}, pair, table);
}
