/**
 * `npm start`: the main job on the embedded SQLite default, against the bundled demo web.
 *
 * Serves the fixture web (tests/support/web: the publisher 石化晨报's e-paper and the sites that
 * copy it) on 127.0.0.1:18080, where config.example.json's crawler.resolve sends its host names;
 * indexes the publisher, scans the targets, runs discovery against the fixture SearXNG (which
 * finds 财经快讯网, a copying site in no target list), prints a summary of the findings (with the
 * publisher's photo reposted cropped and watermarked on 图库分享: an image finding), and serves the
 * dashboard until Ctrl-C. Running it again is incremental: unchanged pages cost one request and
 * the same copies stay the same findings.
 *
 * COPYWATCH_DEMO_ONCE=1 stops after the summary (CI and tests/cli/demo.test.ts use it as a smoke test).
 */
import { openApp } from '../src/scan/app.ts';
import { runDiscover, runIndex, runScan } from '../src/scan/jobs.ts';
import { terminalProgress } from '../src/scan/progress.ts';
import { scanSummary } from '../src/cli/commands/jobs.ts';
import { discoverLines } from '../src/cli/commands/discover.ts';
import { serve } from '../src/cli/commands/serve.ts';
import { describeError, FINDING_KINDS, SEVERITIES } from '../src/domain/index.ts';
import { allFindings } from '../src/scan/report-inputs.ts';
import { clean } from '../src/cli/print.ts';
import { startFixtureWeb } from '../tests/support/web/index.ts';

const CONFIG = process.env.COPYWATCH_CONFIG ?? 'config.example.json';
/** COPYWATCH_DEMO_PORT: another port for the demo web (tests; the config's crawler.resolve must point there). */
const PORT = Number(process.env.COPYWATCH_DEMO_PORT ?? 18080);

async function main(): Promise<void> {
  let web;
  try {
    web = await startFixtureWeb({ port: PORT });
  } catch (error) {
    throw new Error(`cannot serve the demo web on 127.0.0.1:${PORT} (${(error as Error).message}); is another \`npm start\` running?`);
  }
  const app = await openApp(CONFIG);
  const out = (line = '') => process.stdout.write(`${line}\n`);
  try {
    out(`copywatch demo: ${app.config.publisher.name} (config ${CONFIG}, store ${app.config.storage.sqlite?.path ?? 'postgres'})`);
    out(`demo web on 127.0.0.1:${PORT}: ${app.config.publisher.sources.length} source, ${app.config.targets.length} targets`);
    const indexProgress = terminalProgress('index');
    const index = await runIndex(app, { progress: indexProgress, handleSignals: true });
    indexProgress.done(index.counts, scanSummary(index));
    const scanProgress = terminalProgress('scan');
    const scan = await runScan(app, { progress: scanProgress, handleSignals: true });
    scanProgress.done(scan.counts, scanSummary(scan));
    if (app.config.discovery.providers.length) {
      // Discovery: the fixture SearXNG is asked for each article's distinctive passages; what it
      // answers outside the owned domains, licensees and targets is judged by the scan path.
      const discoverProgress = terminalProgress('discover');
      const discovered = await runDiscover(app, { progress: discoverProgress, handleSignals: true });
      discoverProgress.done(discovered.scan.counts, scanSummary(discovered.scan));
      for (const line of discoverLines(discovered.summary)) out(line);
      const found = (await allFindings(app.store, {})).filter((f) => f.facts.discoveredBy);
      for (const f of found)
        out(
          `  found by ${clean(f.facts.discoveredBy!.provider, 20)}: #${f.id} ${f.severity} ${f.verdict} ${clean(f.url, 100)} ← ${clean(f.articleTitle ?? f.articleUrl, 40)}`,
        );
    }

    const findings = await allFindings(app.store, {});
    const active = findings.filter((f) => f.status !== 'resolved' && f.status !== 'dismissed');
    out();
    out(`findings: ${findings.length} (${active.length} to act on)`);
    const bySeverity = [...SEVERITIES].reverse().map((s) => `${s} ${active.filter((f) => f.severity === s).length}`);
    out(`  by severity: ${bySeverity.join(', ')}`);
    const byVerdict = ['mirror', 'full', 'partial'].map((v) => `${v} ${active.filter((f) => f.verdict === v).length}`);
    out(`  by verdict:  ${byVerdict.join(', ')}`);
    const byKind = FINDING_KINDS.map((k) => `${k} ${active.filter((f) => f.kind === k).length}`);
    out(`  by kind:     ${byKind.join(', ')}`);
    for (const f of active.filter((x) => x.facts.image)) {
      const image = f.facts.image!;
      out(
        `  photo: #${f.id} ${f.severity} ${f.kind} ${clean(image.copy.url, 80)} ← ${clean(image.original.url, 80)} (${image.transforms.join(', ') || 'identical'}; distance ${image.distance}${image.credited ? '; credited' : '; uncredited'})`,
      );
    }
    for (const site of (await app.store.findings.sites()).slice(0, 8)) {
      out(
        `  ${clean(site.host, 60).padEnd(32)} ${String(site.findings).padStart(3)} finding${site.findings === 1 ? ' ' : 's'}, ${site.open} open, worst ${site.maxSeverity}`,
      );
    }
    out(`  licensed copies within their terms are not findings; \`node bin/copywatch.js --config ${CONFIG} findings\` lists them all`);
    out();
    if (process.env.COPYWATCH_DEMO_ONCE) return;
    const stop = new AbortController();
    process.once('SIGINT', () => stop.abort());
    process.once('SIGTERM', () => stop.abort());
    await serve(app, {}, stop.signal);
  } finally {
    await app.close();
    await web.close();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`copywatch: ${describeError(error)}\n`);
    process.exit(1);
  },
);
