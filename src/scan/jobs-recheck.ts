/**
 * `copywatch recheck`: fetch every open, confirmed, notice-sent and resolved finding again. A page
 * that is gone (404, 410, the host no longer exists) or no longer carries the text resolves its
 * finding, with evidence of that; a resolved one whose copy is back is reopened. A fetch that
 * fails for another reason (a timeout, a 503) changes nothing: it cannot tell.
 */
import type { ErrorCode, Finding } from '../domain/index.ts';
import type { Store } from '../store/ports.ts';
import type { Corpus } from './corpus.ts';
import { warcOfCapture } from './capture-warc.ts';
import type { PhotoMatcher } from './photos.ts';
import type { EvidenceExtras } from './evidence-extras.ts';
import type { Capture, JudgeSettings } from './judge.ts';
import { judgePage, scanPage } from './jobs-scan.ts';
import type { SiteExtraction } from './site-templates.ts';
import type { JobControl } from './run-job.ts';

type FetchOutcome = { ok: true; capture: Capture } | { ok: false; code: ErrorCode | 'INTERRUPTED'; message: string; status?: number; capture?: Capture };

export type Fetcher = (url: string, signal: AbortSignal) => Promise<FetchOutcome>;

const GONE_STATUS = new Set([404, 410, 451]);
/** What a recheck uses: the store, the corpus, the fetch of one page, the settings; `photos` looks for the publisher's photos (an image finding is still there only if its photo is). */
interface RecheckDeps {
  store: Store;
  corpus: Corpus;
  fetch: Fetcher;
  settings: JudgeSettings;
  site?: (url: string) => SiteExtraction;
  evidence?: EvidenceExtras;
  photos?: PhotoMatcher | null;
}

/**
 * A host name that does not resolve is gone only when it still does not this long after the first
 * recheck that found it so (on a later recheck): one DNS hiccup must not resolve a finding.
 */
export const UNRESOLVED_GONE_AFTER_MS = 6 * 3600_000;

export async function recheckFindings(ctl: JobControl, deps: RecheckDeps): Promise<void> {
  const findings = await deps.store.findings.forRecheck();
  ctl.counts.pagesQueued = findings.length;
  for (const finding of findings) {
    if (ctl.signal.aborted) break;
    await recheckOne(ctl, deps, finding);
    ctl.counts.pagesQueued--;
    ctl.progress.update(ctl.counts);
  }
}

async function recheckOne(ctl: JobControl, deps: RecheckDeps, finding: Finding): Promise<void> {
  const outcome = await deps.fetch(finding.url, ctl.signal);
  const at = ctl.now();
  if (!outcome.ok) {
    const status = outcome.status ?? outcome.capture?.status;
    if (status !== undefined && GONE_STATUS.has(status)) {
      ctl.counts.pagesFetched++;
      await resolveGone(deps.store, finding, outcome.capture ?? null, `gone: HTTP ${status}`, at);
      if (finding.status !== 'resolved') ctl.counts.findingsResolved++;
    } else if (outcome.code === 'CRAWL_DNS') {
      const since = await deps.store.findings.markUnresolved(finding.id, at);
      if (Date.parse(at) - Date.parse(since) >= UNRESOLVED_GONE_AFTER_MS) {
        await resolveGone(deps.store, finding, null, `gone: the host name has not resolved since ${since} (${outcome.message})`, at);
        if (finding.status !== 'resolved') ctl.counts.findingsResolved++;
      } else {
        ctl.counts.failed++;
        ctl.reason(`failed: CRAWL_DNS (the host name does not resolve; gone if it still does not after ${UNRESOLVED_GONE_AFTER_MS / 3600_000} h)`, {
          url: finding.url,
          detail: `failed: CRAWL_DNS: ${outcome.message} (not resolving since ${since})`,
        });
      }
    } else {
      ctl.counts.failed++;
      ctl.reason(`failed: ${outcome.code}`, { url: finding.url, detail: `failed: ${outcome.code}: ${outcome.message}` });
    }
    return;
  }
  // The host answered: a run of failed lookups, if any, is over.
  await deps.store.findings.resolvedAgain(finding.id);
  ctl.counts.pagesFetched++;
  const original = await deps.corpus.original(finding.articleId);
  if (!original) {
    ctl.reason('original no longer in the corpus');
    return;
  }
  const capture = outcome.capture;
  // Judged as a scan judges it: the copy is there when the page still matches the finding's original.
  const judgement = await judgePage(capture, deps);
  const present = [...judgement.findings, ...judgement.allowed].some((j) => j.match.articleId === finding.articleId);
  if (present) {
    // Still there (or back): the scan path updates it, and reopens a resolved one.
    await scanPage(ctl, deps, capture, 'recheck', judgement);
    return;
  }
  if (finding.status === 'resolved') return;
  const result = judgement.extraction;
  await resolveGone(
    deps.store,
    finding,
    capture,
    result.ok ? `the page no longer carries the ${finding.kind === 'image' ? 'photo' : 'text'}` : `the page no longer holds an article (${result.reason})`,
    at,
    result.ok ? result.article.text : null,
  );
  ctl.counts.findingsResolved++;
}

async function resolveGone(
  store: Store,
  finding: Finding,
  capture: Capture | null,
  note: string,
  at: string,
  articleText: string | null = null,
): Promise<void> {
  if (finding.status === 'resolved') return;
  const evidenceId = await store.evidence.add({
    requestedUrl: finding.url,
    finalUrl: capture?.finalUrl ?? finding.url,
    redirects: capture?.redirects ?? [],
    status: capture?.status ?? 0,
    headers: capture?.headers ?? {},
    capturedAt: capture?.capturedAt ?? at,
    remoteAddress: capture?.remoteAddress ?? null,
    sha256: capture?.sha256 ?? '',
    size: capture?.body.length ?? 0,
    articleText,
    pageText: null,
    note,
    body: capture?.body ?? null,
    fetchWarc: capture ? await warcOfCapture(capture, note) : null,
  });
  await store.findings.setStatus(finding.id, 'resolved', { actor: 'recheck', note, at, evidenceId, system: true });
}
