/** The sections of the evidence report that are tables of record: capture, rules, facts, audit trail. */
import type { Evidence, EvidenceScreenshot, Finding, FindingEvent, FindingFacts, Violation, WarcSource } from '../domain/index.ts';
import { escapeHtml, langOf, urlHtml } from './escape.ts';
import { formatBytes, formatPercent, groupDigits } from './format.ts';
import { kvTable, severityBadge, table, textHtml, timeHtml, yesNo, type Html } from './html-parts.ts';
import { splitTerms, statusLabel, termLabel, transformsLabel } from './labels.ts';
import type { ReportImage } from './types.ts';

/** The image types a report embeds (as data: URLs, the only images its policy allows). */
const EMBEDDED: Record<string, string> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', gif: 'image/gif', avif: 'image/avif' };

/** The kept image of `role` as a data: image; on the original, the matched region outlined (fractions of it). */
function pictureHtml(images: readonly ReportImage[], role: 'original' | 'copy', region: { x: number; y: number; w: number; h: number } | null): Html {
  const image = images.find((i) => i.role === role);
  const type = image && EMBEDDED[image.format];
  if (!image || !type) return '';
  const pct = (v: number) => `${(Math.min(1, Math.max(0, Number(v) || 0)) * 100).toFixed(2)}%`;
  const box = region
    ? `<div class="photo-region" style="left:${pct(region.x)};top:${pct(region.y)};width:${pct(region.w)};height:${pct(region.h)}"></div>`
    : '';
  const label = role === 'original' ? 'Original' : 'Copy';
  return [
    '<figure class="photo-side">',
    `<div class="photo-frame"><img class="photo-image" alt="${label} image as kept" src="data:${type};base64,${Buffer.from(image.bytes).toString('base64')}">${box}</div>`,
    `<figcaption class="small">${label}, as kept as evidence (SHA-256 <span class="hash">${escapeHtml(image.sha256)}</span>)</figcaption>`,
    '</figure>',
  ].join('');
}

/** The publisher's photo found on the page: both images side by side (when kept) and named (URL, size, SHA-256), the part matched, the distance, the changes. */
export function photoSection(finding: Finding, images: readonly ReportImage[] = []): Html {
  const image = finding.facts?.image;
  if (!image) return '';
  const side = (s: typeof image.original) =>
    `${urlHtml(s.url)}<br><span class="small">${escapeHtml(`${s.width}×${s.height} px`)} · SHA-256 <span class="hash">${escapeHtml(s.sha256)}</span></span>`;
  const r = image.region;
  const pct = (v: number) => `${Math.round(v * 100)}%`;
  const part = r.w >= 0.999 && r.h >= 0.999 ? 'the whole image' : `${pct(r.w)} × ${pct(r.h)} of it, from ${pct(r.x)} left and ${pct(r.y)} top`;
  const whole = r.w >= 0.999 && r.h >= 0.999;
  const pictures = pictureHtml(images, 'original', whole ? null : r) + pictureHtml(images, 'copy', null);
  return [
    '<section id="photo">',
    '<h2>Photo</h2>',
    pictures ? `<div class="photo-pair">${pictures}</div>` : '',
    kvTable([
      ['Original image', side(image.original)],
      ['Copy', side(image.copy)],
      ['Matched part of the original', escapeHtml(part)],
      ['Distance', escapeHtml(`${image.distance} of 64 bits (perceptual hash)`)],
      ['Changes', escapeHtml(transformsLabel(image.transforms, 'en'))],
      ['Credit near the photo', yesNo(image.credited)],
    ]),
    `<p class="muted small">${escapeHtml(
      pictures
        ? 'The images are shown as kept as evidence when the finding was recorded (the matched part outlined on the original); the evidence bundle carries their files.'
        : 'The images are named by URL and SHA-256 of their bytes as fetched; no image of this finding is kept as evidence (it was recorded before images were kept, or they could not be fetched).',
    )}</p>`,
    '</section>',
  ].join('\n');
}

/** The capture: when, from where, what came back, and the hash that pins the body. */
export function captureSection(evidence: Evidence | null, finding: Finding): Html {
  if (!evidence) {
    const why = finding.evidenceId === null ? 'No capture is stored for this finding.' : `Capture #${finding.evidenceId} was not found in the store.`;
    return `<section id="capture">\n<h2>Capture</h2>\n<p class="issues">${escapeHtml(why)} The copy's text and its hash cannot be shown.</p>\n</section>`;
  }
  const chain = [
    ...evidence.redirects.map((u) => `<li>${urlHtml(u)} <span class="muted small">(redirect)</span></li>`),
    `<li>${urlHtml(evidence.finalUrl)} <span class="muted small">(final, HTTP ${escapeHtml(evidence.status)})</span></li>`,
  ];
  const headers = Object.keys(evidence.headers ?? {})
    .sort()
    .map((name) => [`<code>${escapeHtml(name)}</code>`, `<code>${escapeHtml(evidence.headers[name])}</code>`]);
  return [
    '<section id="capture">',
    '<h2>Capture</h2>',
    kvTable([
      ['Capture', escapeHtml(`#${evidence.id}`)],
      ['Captured at (UTC)', timeHtml(evidence.capturedAt)],
      ['Requested URL', urlHtml(evidence.requestedUrl)],
      ['Final URL', urlHtml(evidence.finalUrl)],
      ['Redirect chain', evidence.redirects.length ? `<ol class="chain">${chain.join('')}</ol>` : 'none (answered directly)'],
      ['HTTP status', escapeHtml(evidence.status)],
      ['Remote address', evidence.remoteAddress ? `<code>${escapeHtml(evidence.remoteAddress)}</code>` : textHtml(null, 'not recorded')],
      ['SHA-256 of the body', `<span class="hash">${escapeHtml(evidence.sha256)}</span>`],
      ['Body size', escapeHtml(formatBytes(evidence.size))],
      ['Note', evidence.note ? textHtml(evidence.note) : null],
      ['Web archive', evidence.warc ? warcHtml(evidence.warc) : null],
      ['Screenshot', evidence.screenshot ? screenshotHtml(evidence.screenshot) : null],
    ]),
    headers.length ? '<h3>Response headers (selected)</h3>' : '',
    headers.length ? table([['Header'], ['Value']], headers) : '',
    '<p class="muted small">The SHA-256 is of the body as received after content decoding; the stored body reproduces it.</p>',
    '</section>',
  ]
    .filter(Boolean)
    .join('\n');
}

/** The full-page screenshot taken at capture: its SHA-256, size and time, or why it is missing. */
function screenshotHtml(s: EvidenceScreenshot): Html {
  if (!s.sha256) return `<span class="issues">missing</span>: ${textHtml(s.note?.replace(/^missing: /, '') ?? 'not taken')}`;
  const facts = `PNG, ${escapeHtml(formatBytes(s.size ?? 0))}, taken ${s.takenAt ? timeHtml(s.takenAt) : 'at an unrecorded time'} (in the evidence bundle)`;
  return `SHA-256 <span class="hash">${escapeHtml(s.sha256)}</span><br>${facts}${s.note ? `<br><span class="muted small">${textHtml(s.note)}</span>` : ''}`;
}

/** The WARC record a capture was read from: file, offset, record id. */
function warcHtml(warc: WarcSource): Html {
  return `<code>${escapeHtml(warc.file)}</code>, record at byte ${escapeHtml(groupDigits(warc.offset))}, <code>${escapeHtml(warc.recordId)}</code>`;
}

/** Terms of a license a violation names, in words. */
function termsHtml(term: string | undefined): Html | null {
  const codes = splitTerms(term);
  if (!codes.length) return null;
  return codes.map((c) => escapeHtml(termLabel(c))).join('; ');
}

/** The rules broken: severity, the clause each cites (verbatim), the advice, the license term. */
export function rulesSection(violations: Violation[]): Html {
  if (!violations.length) {
    return '<section id="rules">\n<h2>Rules broken</h2>\n<p class="muted">No rule is broken (the copy is licensed within its terms, or on the publisher\'s own domain).</p>\n</section>';
  }
  const items = violations.map((v, i) =>
    [
      `<div class="rule" id="rule-${i + 1}">`,
      `<h3>${severityBadge(v.severity)} <span${langOf(v.title)}>${escapeHtml(v.title)}</span></h3>`,
      `<p class="small muted">Rule <code>${escapeHtml(v.ruleId)}</code></p>`,
      `<p><strong>Clause cited</strong></p>`,
      `<blockquote${langOf(v.clause)}>${escapeHtml(v.clause)}</blockquote>`,
      `<p><strong>Advice</strong> <span${langOf(v.advice)}>${escapeHtml(v.advice)}</span></p>`,
      v.term ? `<p><strong>License term broken</strong> ${termsHtml(v.term)}</p>` : '',
      '</div>',
    ]
      .filter(Boolean)
      .join('\n'),
  );
  return `<section id="rules">\n<h2>Rules broken</h2>\n${items.join('\n')}\n</section>`;
}

/** The facts the rules judged: credit, link back, page mirror, license, commercial signals. */
export function factsSection(finding: Finding): Html {
  const f: FindingFacts | undefined = finding.facts;
  const commercial = f
    ? Object.entries(f.commercial ?? {})
        .filter(([, on]) => on)
        .map(([name]) => name)
    : [];
  return [
    '<section id="facts">',
    '<h2>Facts judged</h2>',
    kvTable([
      ['Verdict', escapeHtml(finding.verdict)],
      ['Containment', `${escapeHtml(formatPercent(finding.containment))} <span class="muted small">of the original's text</span>`],
      ['Matched characters', escapeHtml(groupDigits(finding.matchedChars))],
      ['Found in', finding.scope === 'article' ? "the page's article" : 'the page outside its article'],
      ['A teaser (a headline and summary in a list of other stories)', f?.teaser ? 'yes' : null],
      ['Credits the publisher', yesNo(f?.credited)],
      ['Links back to the publisher', yesNo(f?.linksBack)],
      ["Carries the original page's chrome (page mirror)", yesNo(f?.pageMirror)],
      ["Publisher's own domain", yesNo(f?.ownedDomain)],
      ['Licensee', f?.licensee ? `${textHtml(f.licensee)} <span class="muted small">(license ${escapeHtml(f.licenseStatus)})</span>` : 'none'],
      ['License terms broken', f?.licenseBreaches?.length ? f.licenseBreaches.map((t) => escapeHtml(termLabel(t))).join('; ') : null],
      ['Commercial signals', commercial.length ? escapeHtml(commercial.join(', ')) : 'none seen'],
      [
        'Found by discovery',
        f?.discoveredBy
          ? `${escapeHtml(f.discoveredBy.provider)} <span class="muted small">(${timeHtml(f.discoveredBy.at)})</span>: ${textHtml(f.discoveredBy.query)}`
          : null,
      ],
    ]),
    '</section>',
  ].join('\n');
}

/** The audit trail: every status change, who made it, with its note. */
export function eventsSection(events: FindingEvent[]): Html {
  const body = events.length
    ? table(
        [['Time (UTC)'], ['Actor'], ['Change'], ['Note'], ['Capture']],
        events.map((e) => [
          timeHtml(e.at),
          textHtml(e.actor),
          `${e.from ? escapeHtml(statusLabel(e.from)) : '<span class="muted">new</span>'} → ${escapeHtml(statusLabel(e.to))}`,
          e.note ? `<span${langOf(e.note)}>${escapeHtml(e.note)}</span>` : '',
          e.evidenceId === null ? '' : escapeHtml(`#${e.evidenceId}`),
        ]),
      )
    : '<p class="muted">No events recorded.</p>';
  return `<section id="events">\n<h2>Audit trail</h2>\n${body}\n</section>`;
}

/** The publisher's notice, verbatim. */
export function noticeSection(notice: string | null | undefined): Html {
  if (!notice) return '';
  return `<section id="notice">\n<h2>The publisher's notice</h2>\n<blockquote${langOf(notice)}>${escapeHtml(notice)}</blockquote>\n</section>`;
}
