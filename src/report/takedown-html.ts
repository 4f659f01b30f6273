/** The takedown notice draft in a printable HTML page (the same text, escaped, in a `<pre>`). */
import { escapeHtml } from './escape.ts';
import { htmlPage } from './html-page.ts';
import { renderTakedownNotice } from './takedown-notice.ts';
import type { TakedownInput } from './types.ts';

export function renderTakedownHtml(input: TakedownInput): string {
  const text = renderTakedownNotice(input);
  const lang = input.lang === 'zh' ? 'zh-Hans' : 'en';
  const title = input.lang === 'zh' ? `侵权通知函 — ${input.finding.host}` : `Takedown notice — ${input.finding.host}`;
  const body = [
    `<p class="noprint muted small">Draft for finding #${escapeHtml(input.finding.id)}: fill in the [placeholders] before sending.</p>`,
    `<pre class="notice">${escapeHtml(text)}</pre>`,
  ].join('\n');
  return htmlPage({ title, lang, body });
}
