/**
 * The jobs layer, as the layers above it (queue, server, cli) use it: the app (config, store,
 * rules), the jobs (index, scan, check, recheck) and their parts that queued page jobs reuse,
 * schedules, progress, reports' inputs and the check's record. Those layers import scan/ only
 * through this file (eslint.config.js).
 */
export { openApp, readRules, type App } from './app.ts';
export { checkRecord } from './check-record.ts';
export { Corpus } from './corpus.ts';
export { CrawlerAdapter } from './crawl-adapter.ts';
export {
  pickSites,
  runCheck,
  discoverSetup,
  runDiscover,
  runIndex,
  runRecheck,
  runScan,
  runScanWarc,
  runScanWarcDir,
  scanWarcFileIn,
  checkWarcInputs,
  warcLabel,
  siteHosts,
  type JobOptions,
  photoSettings,
} from './jobs.ts';
export { discoverySite, emptyDiscoverSummary, proposeUrls, type DiscoverSummary } from './jobs-discover.ts';
export { listPromoted, promoteTarget } from './promoted.ts';
export { countPhotoSkips, onScanEvent, scanPage } from './jobs-scan.ts';
export { PhotoMatcher } from './photos.ts';
export { silentProgress, terminalProgress } from './progress.ts';
export { allFindings, makeReport } from './report-inputs.ts';
export { OWNER, reasonRecorder, staleAfter, type JobControl } from './run-job.ts';
export { Scheduler, type ScheduleSpec, type SchedulerDeps } from './schedules.ts';
export { SiteTemplates } from './site-templates.ts';
export { ALERT_RETENTION_DAYS, runAlerts, startAlertLoop } from './alerts.ts';
export { SIGNATURE_HEADER } from './alert-channels.ts';
export { listWarcFiles, warcPathsIn } from './warc-dir.ts';
export { markWarcScanned } from './warc-scanned.ts';
export { exportEvidenceBundle } from './evidence-export.ts';
export { pruneDismissedEvidence } from './evidence-prune.ts';
export { runScheduledStamp, stampPending } from './evidence-stamp.ts';
