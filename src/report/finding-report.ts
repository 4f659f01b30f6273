/**
 * The evidence report for one finding: a complete, printable HTML page that shows the original
 * and the copy side by side with the matched passages marked in both, the capture that proves the
 * copy (time, URLs, redirects, status, headers, address, SHA-256), the rules broken with the
 * clauses they cite, the facts judged, and the audit trail. Pure: strings in, a string out.
 */
import type { Finding } from '../domain/index.ts';
import { escapeHtml, langAttr, langOf, urlHtml } from './escape.ts';
import { formatPercent, formatUtc, groupDigits, trimQuote } from './format.ts';
import { captureSection, eventsSection, factsSection, noticeSection, photoSection, rulesSection } from './finding-sections.ts';
import { highlight, type Highlighted } from './highlight.ts';
import { htmlPage } from './html-page.ts';
import { suspectText } from './suspect-text.ts';
import { kvTable, severityBadge, statusBadge, table, textHtml, timeHtml, verdictBadge, type Html } from './html-parts.ts';
import type { FindingReportInput, OriginalArticle } from './types.ts';

function header(input: FindingReportInput): Html {
  const { finding, publisher } = input;
  const title = finding.articleTitle ?? input.original.title;
  return [
    '<header class="report">',
    `<div class="publisher"${langOf(publisher.name)}>${escapeHtml(publisher.name)} · copyright evidence report</div>`,
    `<h1>Finding #${escapeHtml(finding.id)}${title ? `: <span${langOf(title, input.original.lang)}>${escapeHtml(title)}</span>` : ''}</h1>`,
    `<p>Copy at ${urlHtml(finding.url)} <span class="muted">(${escapeHtml(finding.host)})</span></p>`,
    `<div class="badges">${statusBadge(finding.status)}${severityBadge(finding.severity)}${verdictBadge(finding.verdict)}`,
    `<span class="badge">containment ${escapeHtml(formatPercent(finding.containment))}</span>`,
    `<span class="badge">${escapeHtml(groupDigits(finding.matchedChars))} characters matched</span></div>`,
    '</header>',
  ].join('\n');
}

function summary(finding: Finding, original: OriginalArticle): Html {
  const title = original.title ?? finding.articleTitle;
  return [
    '<section id="summary">',
    '<h2>Summary</h2>',
    kvTable([
      ['Original article', title ? `<span${langOf(title, original.lang)}>${escapeHtml(title)}</span>` : textHtml(null, 'untitled')],
      ['Original URL', urlHtml(original.url ?? finding.articleUrl)],
      ['Published', original.publishedAt ? escapeHtml(original.publishedAt) : textHtml(null, 'unknown')],
      ['Byline / credit', original.byline || original.credit ? textHtml([original.byline, original.credit].filter(Boolean).join(' · ')) : null],
      ['Article id', `<code>${escapeHtml(original.id ?? finding.articleId)}</code>`],
      ['Copy URL', urlHtml(finding.url)],
      ['Host', `<code>${escapeHtml(finding.host)}</code>`],
      ['First seen (UTC)', timeHtml(finding.firstSeen)],
      ['Last seen (UTC)', timeHtml(finding.lastSeen)],
      ['Containment', escapeHtml(`${formatPercent(finding.containment)} of the original's text (${groupDigits(finding.matchedChars)} characters)`)],
    ]),
    '</section>',
  ].join('\n');
}

function passageTable(finding: Finding, left: Highlighted, right: Highlighted | null): Html {
  if (!finding.passages.length) return '<p class="muted">The finding records no passages.</p>';
  const anchor = (id: string | null, text: string) => (id ? `<a href="#${escapeHtml(id)}">${escapeHtml(text)}</a>` : escapeHtml(text));
  return table(
    [['#', 'num'], ['Original (offsets)', 'num'], ['Copy (offsets)', 'num'], ['Characters', 'num'], ['Text']],
    finding.passages.map((p, i) => [
      escapeHtml(i + 1),
      anchor(left.anchors[i], `${p.original.start}–${p.original.end}`),
      anchor(right?.anchors[i] ?? null, `${p.suspect.start}–${p.suspect.end}`),
      escapeHtml(groupDigits(Math.max(0, p.original.end - p.original.start))),
      `<span${langOf(p.original.text)}>${escapeHtml(trimQuote(p.original.text, 140))}</span>`,
    ]),
  );
}

function texts(input: FindingReportInput): Html {
  const { finding, original, evidence } = input;
  const lang = langAttr(original.lang);
  const langA = lang ? ` lang="${lang}"` : langOf(original.text);
  const left = highlight(
    original.text ?? '',
    finding.passages.map((p) => p.original),
    'o',
  );
  const copy = suspectText(finding, evidence);
  const right =
    copy === null
      ? null
      : highlight(
          copy,
          finding.passages.map((p) => p.suspect),
          's',
        );
  const where = finding.scope === 'article' ? "the copy's extracted article text" : "the page's readable text (the copy sits outside the page's own article)";
  const issues = [...left.issues.map((s) => `Original: ${s}`), ...(right?.issues ?? []).map((s) => `Copy: ${s}`)];
  const copyBody = right
    ? `<div class="text" id="copy-text"${langA}>${right.html}</div>`
    : `<p class="issues">${evidence ? 'The capture holds no extracted text.' : 'No capture is stored.'} The copy's text cannot be shown.</p>`;
  return [
    '<section id="texts">',
    '<h2>The original and the copy</h2>',
    `<p class="small muted">${escapeHtml(finding.passages.length)} matched passage(s) are highlighted in both texts. Copy: ${escapeHtml(where)}.</p>`,
    issues.length ? `<div class="issues"><strong>Offsets</strong><ul>${issues.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ul></div>` : '',
    '<div class="cols">',
    `<div class="col"><h3>Original</h3><p class="small">${urlHtml(original.url ?? finding.articleUrl)}</p>`,
    `<div class="text" id="original-text"${langA}>${left.html}</div></div>`,
    `<div class="col"><h3>Copy</h3><p class="small">${urlHtml(evidence?.finalUrl ?? finding.url)}${evidence ? ` <span class="muted">captured ${escapeHtml(formatUtc(evidence.capturedAt))}</span>` : ''}</p>`,
    `${copyBody}</div>`,
    '</div>',
    '<h3>Matched passages</h3>',
    passageTable(finding, left, right),
    '</section>',
  ]
    .filter(Boolean)
    .join('\n');
}

/** The evidence report for one finding, as a complete HTML document. */
export function renderFindingReport(input: FindingReportInput): string {
  const { finding, publisher, generatedAt } = input;
  const body = [
    header(input),
    summary(finding, input.original),
    rulesSection(finding.violations),
    photoSection(finding, input.images ?? []),
    captureSection(input.evidence, finding),
    factsSection(finding),
    texts(input),
    noticeSection(publisher.notice),
    eventsSection(input.events),
    `<footer class="report">Generated ${escapeHtml(formatUtc(generatedAt))} by copywatch for <span${langOf(publisher.name)}>${escapeHtml(publisher.name)}</span>. Finding #${escapeHtml(finding.id)}, capture ${input.evidence ? escapeHtml(`#${input.evidence.id}`) : 'none'}.</footer>`,
  ].join('\n');
  return htmlPage({ title: `Finding #${finding.id} — ${finding.host} — ${publisher.name}`, lang: 'en', body });
}
