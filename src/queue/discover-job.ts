/**
 * `copywatch discover` as the CLI, the server and the schedules start it: in this process
 * (scan/jobs.ts runDiscover), or, with the queue on, through the workers: the searching is done
 * once, here, in the process that starts the run (it spends the day's query budget and keeps the
 * bookkeeping: one place), and each proposed URL becomes a page job carrying the search that
 * proposed it (`discoveredBy`, kept with its findings), the run ending when its page jobs have.
 * The searching's counts and reasons (queries filtered, failed) are kept with the run's pages.
 */
import { EMPTY_COUNTS, type DiscoveredBy, type Scan, type ScanFailure } from '../domain/index.ts';
import {
  discoverSetup,
  discoverySite,
  emptyDiscoverSummary,
  proposeUrls,
  reasonRecorder,
  runDiscover,
  silentProgress,
  type App,
  type DiscoverSummary,
  type JobControl,
  type JobOptions,
} from '../scan/index.ts';

/** The queue_pages row holding the searching's counts and reasons. */
const SEARCH_SITE = '(discover)';

export async function runDiscoverJob(app: App, options: JobOptions = {}): Promise<{ scan: Scan; summary: DiscoverSummary }> {
  if (!app.config.queue.enabled) return runDiscover(app, options);
  const { deps, close } = await discoverSetup(app);
  const { runQueuedJob } = await import('./queued-scan.ts');
  let summary: DiscoverSummary | null = null;
  try {
    const scan = await runQueuedJob(app, 'discover', null, options, async (scan, { db, pages }, signal) => {
      const counts = { ...EMPTY_COUNTS };
      const reasons: Record<string, number> = {};
      const failures: ScanFailure[] = [];
      const now = () => app.clock().toISOString();
      const ctl: JobControl = { scan, counts, reason: reasonRecorder(reasons, failures, now), signal, progress: silentProgress, now };
      // The searching can take minutes: the run's heartbeat goes on meanwhile.
      const timer = setInterval(() => void app.store.scans.heartbeat(scan.id, counts, reasons, now()).catch(() => undefined), options.heartbeatMs ?? 2000);
      let proposals: Awaited<ReturnType<typeof proposeUrls>>;
      try {
        proposals = await proposeUrls(ctl, deps);
      } finally {
        clearInterval(timer);
      }
      summary = proposals.summary;
      if (failures.length) await app.store.scans.addFailures(scan.id, failures);
      const byHost = new Map<string, Array<{ url: string; depth: number; kind: 'page'; discoveredBy: DiscoveredBy }>>();
      for (const [url, discoveredBy] of proposals.proposed) {
        const host = discoverySite(new URL(url).hostname, []).name;
        byHost.set(host, [...(byHost.get(host) ?? []), { url, depth: 0, kind: 'page', discoveredBy }]);
      }
      await db.tx(`queueing the proposed pages of run #${scan.id}`, async (client) => {
        await pages.record(client, scan.id, SEARCH_SITE, '(search)', counts, reasons);
        if (signal.aborted) return;
        for (const [site, entries] of byHost) await pages.enqueue(client, scan.id, site, entries);
      });
      // Queued: not proposed again within the revisit window (as a one-process run once it has fetched them).
      if (!signal.aborted) await proposals.markSeen([...proposals.proposed.keys()]);
    });
    const done = summary as DiscoverSummary | null;
    const result: DiscoverSummary = done ?? emptyDiscoverSummary();
    result.fetched = scan.counts.pagesFetched;
    result.findings = scan.counts.findingsNew + scan.counts.findingsUpdated + scan.counts.findingsReopened;
    return { scan, summary: result };
  } finally {
    await close();
  }
}
