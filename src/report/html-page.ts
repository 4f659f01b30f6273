/** The page every HTML report sits in: self-contained, no script, a policy that forbids any. */
import { escapeHtml, langAttr } from './escape.ts';
import { REPORT_CSS } from './styles.ts';

/**
 * Even if something slipped past escaping, the browser would run no script, load nothing from
 * the network (no tracking pixel to the copying site) and submit no form.
 */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'";

export interface PageParts {
  /** Page title (escaped here). */
  title: string;
  /** Language of the page's own words. */
  lang: string;
  /** The body, already HTML. */
  body: string;
}

export function htmlPage({ title, lang, body }: PageParts): string {
  return [
    '<!DOCTYPE html>',
    `<html lang="${langAttr(lang) ?? 'en'}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="robots" content="noindex, nofollow">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head>',
    '<body>',
    body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
