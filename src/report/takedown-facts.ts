/**
 * What a takedown notice says, gathered once for both languages: the original, the capture, the
 * verdict, the clauses broken (each distinct clause once, with the rules that cite it), and one or
 * two matched passages. Every string is made safe for plain text (one line, no controls).
 */
import type { Finding, ImageTransform, Severity, Verdict } from '../domain/index.ts';
import { formatPercent, formatUtc, groupDigits, oneLine, trimQuote } from './format.ts';
import { splitTerms } from './labels.ts';
import { suspectText } from './suspect-text.ts';
import type { TakedownInput } from './types.ts';

interface ClauseGroup {
  /** The clause as the rules cite it (one line). */
  clause: string;
  /** Whether the publisher's notice, as quoted, already holds it word for word. */
  inNotice: boolean;
  rules: Array<{ id: string; title: string; severity: Severity; terms: string[] }>;
}

interface Quote {
  original: string;
  /** The copy's wording, or null when it reads the same as the original. */
  copy: string | null;
}

export interface NoticeFacts {
  publisher: string;
  /** The notice's lines, verbatim but for controls, or an empty list. */
  notice: string[];
  title: string | null;
  originalUrl: string;
  publishedAt: string | null;
  host: string;
  copyUrl: string;
  /** The URL the capture's body came from, when it is not the copy URL. */
  finalUrl: string | null;
  redirects: number;
  capturedAt: string | null;
  sha256: string | null;
  size: string | null;
  status: number | null;
  remoteAddress: string | null;
  /** The web-archive record the capture was read from (scan-warc): `file, record <id> at byte n`. */
  archive: string | null;
  /** Every capture of the finding, oldest first (time, SHA-256, why it shows no copy): what the evidence bundle holds. */
  captures: Array<{ id: number; capturedAt: string; sha256: string; note: string | null }>;
  findingId: number;
  /** The timestamp authority that stamps the bundle at export, or null. */
  tsaUrl: string | null;
  verdict: Verdict;
  containment: string;
  matchedChars: string;
  credited: boolean;
  linksBack: boolean;
  pageMirror: boolean;
  /** The licensee the copying site is, when it holds (or held) a license; its status and the terms broken. */
  license: { licensee: string; status: string; breaches: string[] } | null;
  clauses: ClauseGroup[];
  quotes: Quote[];
  contact: { name: string | null; email: string | null; address: string | null };
  /** The publisher's photo on the page (an image finding, or a text finding whose page has it too), or null. */
  photo: {
    /** Only the photo was copied, not the text. */
    only: boolean;
    original: { url: string; sha256: string; size: string };
    copy: { url: string; sha256: string; size: string };
    distance: number;
    /** The original's part that matched, in percent (whole: null). */
    region: { x: number; y: number; w: number; h: number } | null;
    transforms: ImageTransform[];
    credited: boolean;
  } | null;
}

const fold = (s: string) => s.replace(/\s+/g, '');

/** The one or two longest passages, in text order, trimmed to `max` characters. */
function quotes(input: TakedownInput, max: number): Quote[] {
  const { finding, original, evidence } = input;
  const copyText = suspectText(finding, evidence);
  const chosen = finding.passages
    .map((p, i) => ({ p, i, length: Math.max(0, p.original.end - p.original.start) || p.original.text.length }))
    .sort((a, b) => b.length - a.length || a.i - b.i)
    .slice(0, 2)
    .sort((a, b) => a.p.original.start - b.p.original.start);
  const out: Quote[] = [];
  for (const { p } of chosen) {
    const origText = p.original.text || (original.text ?? '').slice(Math.max(0, p.original.start), Math.max(0, p.original.end));
    const copyRaw = p.suspect.text || (copyText ?? '').slice(Math.max(0, p.suspect.start), Math.max(0, p.suspect.end));
    const orig = trimQuote(origText, max);
    if (!orig) continue;
    const copy = trimQuote(copyRaw, max);
    out.push({ original: orig, copy: copy && fold(copy) !== fold(orig) ? copy : null });
  }
  return out;
}

const HAN = /[\u3400-\u9fff]/;

/**
 * The clauses broken, each once with the rules that cite it. In a Chinese notice whose
 * publisher's own notice is cited, a rule whose clause is neither in that notice nor in Chinese
 * (a generic rule's English clause for the same breach) is listed under the publisher's own
 * clause: the notice cites the publisher's words, in the notice's language, once.
 */
function clauseGroups(input: TakedownInput, notice: string): ClauseGroup[] {
  const groups = new Map<string, ClauseGroup>();
  for (const v of input.finding.violations) {
    const clause = oneLine(v.clause);
    let group = groups.get(clause);
    if (!group) {
      group = { clause, inNotice: clause !== '' && notice.includes(clause), rules: [] };
      groups.set(clause, group);
    }
    group.rules.push({ id: oneLine(v.ruleId), title: oneLine(v.title), severity: v.severity, terms: splitTerms(v.term).map(oneLine) });
  }
  const all = [...groups.values()];
  const own = all.find((g) => g.inNotice);
  if (input.lang !== 'zh' || !own) return all;
  const foreign = all.filter((g) => !g.inNotice && !HAN.test(g.clause));
  for (const g of foreign) own.rules.push(...g.rules);
  return all.filter((g) => !foreign.includes(g));
}

export function noticeFacts(input: TakedownInput, quoteMax: number): NoticeFacts {
  const { finding, original, evidence, publisher } = input;
  const notice = (publisher.notice ?? '')
    .split(/\r?\n|\r/)
    .map(oneLine)
    .filter(Boolean);
  const copyUrl = oneLine(finding.url);
  const finalUrl = evidence ? oneLine(evidence.finalUrl) : '';
  return {
    publisher: oneLine(publisher.name),
    notice,
    title: oneLine(original.title ?? finding.articleTitle) || null,
    originalUrl: oneLine(original.url || finding.articleUrl),
    publishedAt: oneLine(original.publishedAt) || null,
    host: oneLine(finding.host),
    copyUrl,
    finalUrl: finalUrl && finalUrl !== copyUrl ? finalUrl : null,
    redirects: evidence?.redirects.length ?? 0,
    capturedAt: evidence ? formatUtc(oneLine(evidence.capturedAt)) : null,
    sha256: evidence ? oneLine(evidence.sha256) : null,
    size: evidence ? groupDigits(evidence.size) : null,
    status: evidence?.status ?? null,
    remoteAddress: evidence?.remoteAddress ? oneLine(evidence.remoteAddress) : null,
    archive: evidence?.warc ? oneLine(`${evidence.warc.file}, record ${evidence.warc.recordId} at byte ${evidence.warc.offset}`) : null,
    captures: (input.captures ?? (evidence ? [evidence] : [])).map((c) => ({
      id: c.id,
      capturedAt: formatUtc(oneLine(c.capturedAt)),
      sha256: oneLine(c.sha256),
      note: oneLine(c.note) || null,
    })),
    findingId: finding.id,
    tsaUrl: oneLine(input.tsaUrl) || null,
    verdict: finding.verdict,
    containment: formatPercent(finding.containment),
    matchedChars: groupDigits(finding.matchedChars),
    credited: finding.facts?.credited ?? false,
    linksBack: finding.facts?.linksBack ?? false,
    pageMirror: finding.facts?.pageMirror ?? finding.verdict === 'mirror',
    license: finding.facts?.licensee
      ? { licensee: oneLine(finding.facts.licensee), status: finding.facts.licenseStatus, breaches: finding.facts.licenseBreaches.map(oneLine) }
      : null,
    clauses: clauseGroups(input, notice.join('\n')),
    quotes: quotes(input, quoteMax),
    contact: {
      name: oneLine(publisher.contact?.name) || null,
      email: oneLine(publisher.contact?.email) || null,
      address: oneLine(publisher.contact?.address) || null,
    },
    photo: photoFacts(finding),
  };
}

function photoFacts(finding: Finding): NoticeFacts['photo'] {
  const image = finding.facts?.image;
  if (!image) return null;
  const side = (s: typeof image.original) => ({ url: oneLine(s.url), sha256: oneLine(s.sha256), size: `${s.width}×${s.height}` });
  const pct = (v: number) => Math.round(v * 100);
  const whole = image.region.w >= 0.999 && image.region.h >= 0.999;
  return {
    only: finding.kind === 'image',
    original: side(image.original),
    copy: side(image.copy),
    distance: image.distance,
    region: whole ? null : { x: pct(image.region.x), y: pct(image.region.y), w: pct(image.region.w), h: pct(image.region.h) },
    transforms: [...image.transforms],
    credited: image.credited,
  };
}
