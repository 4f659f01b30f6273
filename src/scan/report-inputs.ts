/**
 * What reports are made from, read from the store and the config: the same for the CLI's
 * `report` and the API's `/api/reports`.
 */
import type { LoadedConfig } from '../config/index.ts';
import { CopywatchError, type Evidence, type Finding } from '../domain/index.ts';
import {
  findingDossierToJson,
  findingsToCsv,
  findingsToJson,
  noticeDate,
  renderFindingReport,
  renderSiteReport,
  renderTakedownHtml,
  renderTakedownNotice,
  type OriginalArticle,
  type PublisherContact,
  type ReportImage,
} from '../report/index.ts';
import type { FindingFilter, Store } from '../store/ports.ts';

/** Every finding that passes the filter (paged through the store), up to `limit`. */
export async function allFindings(store: Store, filter: FindingFilter, limit = Infinity): Promise<Finding[]> {
  const out: Finding[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.findings.list({ ...filter, cursor, limit: Math.min(500, limit - out.length) });
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && out.length < limit);
  return out;
}

/** The finding's original as stored, or what the finding itself remembers of it (an article since removed). */
async function originalOf(store: Store, finding: Finding): Promise<OriginalArticle> {
  return (
    (await store.articles.get(finding.articleId)) ?? {
      id: finding.articleId,
      url: finding.articleUrl,
      title: finding.articleTitle,
      publishedAt: null,
      text: '',
      lang: 'und',
    }
  );
}

/** Every capture of the finding (the one it rests on and those its audit trail names), oldest first: what its evidence bundle holds. */
/** An image finding's two images as kept as evidence (none for a text finding). */
async function keptImages(store: Store, finding: Finding): Promise<ReportImage[]> {
  if (!finding.facts.image) return [];
  const out: ReportImage[] = [];
  for (const i of await store.imageEvidence.ofFinding(finding.id)) {
    const bytes = await store.imageEvidence.bytes(i.sha256);
    if (bytes) out.push({ role: i.role, format: i.format, sha256: i.sha256, bytes });
  }
  return out;
}

async function capturesOf(store: Store, finding: Finding): Promise<Evidence[]> {
  const ids = new Set<number>();
  if (finding.evidenceId) ids.add(finding.evidenceId);
  for (const e of await store.findings.events(finding.id)) if (e.evidenceId) ids.add(e.evidenceId);
  const out: Evidence[] = [];
  for (const id of [...ids].sort((a, b) => a - b)) {
    const evidence = await store.evidence.get(id);
    if (evidence) out.push(evidence);
  }
  return out;
}

/** The publisher as reports and takedown notices name it. */
function publisherContact(config: LoadedConfig): PublisherContact {
  const p = config.publisher;
  return { name: p.name, notice: p.notice, contact: p.contact };
}

export interface ReportRequest {
  format: 'json' | 'csv' | 'html';
  /** One finding: its evidence report (html), its record with evidence and audit trail (json), its CSV row; or its takedown notice with `notice`. */
  finding?: number;
  notice?: 'zh' | 'en';
  /** Otherwise the findings passing the filter: JSON or CSV, or (html, with `site`) the report of one site. */
  filter: FindingFilter;
  /** UTC ISO time the report is made. */
  generatedAt: string;
  /** Findings one report holds at most. */
  maxFindings?: number;
}

export interface ReportFile {
  type: string;
  /** A file name for it (`copywatch-finding-12.html`). */
  filename: string;
  body: string;
}

/**
 * Every report the CLI's `report` and the API's `/api/reports` give, decided once: which
 * renderer, with which inputs, under which file name and type. Errors name what is missing in
 * the words of the request's fields (`finding`, `site`, `notice`).
 */
export async function makeReport(store: Store, config: LoadedConfig, r: ReportRequest): Promise<ReportFile> {
  const publisher = publisherContact(config);
  const stamp = r.generatedAt.slice(0, 10);
  if (r.notice && r.finding === undefined) throw new CopywatchError('INPUT_INVALID', 'notice: a takedown notice is of one finding: give finding <id> too');
  if (r.finding !== undefined) {
    const finding = await store.findings.get(r.finding);
    if (!finding) throw new CopywatchError('NOT_FOUND', `finding ${r.finding} does not exist`);
    const base = `copywatch-finding-${finding.id}`;
    const original = await originalOf(store, finding);
    const evidence = finding.evidenceId ? await store.evidence.get(finding.evidenceId) : null;
    if (r.notice) {
      const captures = await capturesOf(store, finding);
      const tsaUrl = config.evidence.tsa?.url ?? null;
      const input = { finding, original, evidence, captures, tsaUrl, publisher, lang: r.notice, date: noticeDate(r.generatedAt, r.notice) };
      return r.format === 'html'
        ? { type: 'text/html; charset=utf-8', filename: `${base}-notice-${r.notice}.html`, body: renderTakedownHtml(input) }
        : { type: 'text/plain; charset=utf-8', filename: `${base}-notice-${r.notice}.txt`, body: renderTakedownNotice(input) };
    }
    if (r.format === 'csv') return { type: 'text/csv; charset=utf-8', filename: `${base}.csv`, body: findingsToCsv([finding]) };
    const events = await store.findings.events(finding.id);
    if (r.format === 'json')
      return { type: 'application/json; charset=utf-8', filename: `${base}.json`, body: findingDossierToJson({ finding, original, evidence, events }) };
    return {
      type: 'text/html; charset=utf-8',
      filename: `${base}.html`,
      body: renderFindingReport({ finding, original, evidence, events, publisher, generatedAt: r.generatedAt, images: await keptImages(store, finding) }),
    };
  }
  const site = r.filter.site;
  if (r.format === 'html') {
    if (!site) throw new CopywatchError('INPUT_INVALID', 'format html is the report of one site (site <host>) or one finding (finding <id>)');
    const summary = (await store.findings.sites()).find((s) => s.host === site);
    if (!summary) throw new CopywatchError('NOT_FOUND', `site ${site}: no findings on this host`);
    const findings = await allFindings(store, r.filter, r.maxFindings);
    return {
      type: 'text/html; charset=utf-8',
      filename: `copywatch-site-${site.replace(/[^a-z0-9.-]/g, '_')}-${stamp}.html`,
      body: renderSiteReport({ host: site, findings, summary, publisher, generatedAt: r.generatedAt }),
    };
  }
  const findings = await allFindings(store, r.filter, r.maxFindings);
  return r.format === 'csv'
    ? { type: 'text/csv; charset=utf-8', filename: `copywatch-findings-${stamp}.csv`, body: findingsToCsv(findings) }
    : { type: 'application/json; charset=utf-8', filename: `copywatch-findings-${stamp}.json`, body: findingsToJson(findings) };
}
