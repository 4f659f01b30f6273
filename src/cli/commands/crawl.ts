/**
 * `copywatch crawl [--site NAME] [--max-pages N]`: crawls the sources and targets of the config
 * (or one of them) and prints what it did: one line per page, skip, failure and abandoned host,
 * then a summary per site (pages, skipped by reason, failed by code, bytes, pages/s).
 */
import type { Command } from 'commander';
import { summary } from './summaries.ts';
import { loadConfig, type SiteConfig } from '../../config/index.ts';
import { CopywatchError } from '../../domain/index.ts';
import { Crawler, type CrawlEvent, type CrawlStats } from '../../crawl/index.ts';
import { positiveInt } from './extract.ts';

interface CrawlOptions {
  site?: string;
  maxPages?: number;
  config: string;
}

export function registerCrawl(program: Command): void {
  program
    .command('crawl')
    .description(summary('crawl'))
    .option('--site <name>', 'crawl only this site (a source or target name)')
    .option('--max-pages <n>', 'pages per site at most (overrides the site setting)', (v) => positiveInt(v, '--max-pages'))
    .action(async (_opts: unknown, command: Command) => {
      const opts = command.optsWithGlobals<CrawlOptions>();
      const config = loadConfig(opts.config);
      const sites: SiteConfig[] = [...config.publisher.sources, ...config.targets];
      const chosen = opts.site ? sites.filter((s) => s.name === opts.site) : sites;
      if (!chosen.length) {
        throw new CopywatchError(
          'INPUT_INVALID',
          opts.site
            ? `no site named ${JSON.stringify(opts.site)} in ${opts.config} (sites: ${sites.map((s) => s.name).join(', ') || 'none'})`
            : `${opts.config} names no sources or targets`,
        );
      }
      const crawler = new Crawler(config.crawler);
      const out = process.stdout;
      const abort = new AbortController();
      const stop = () => abort.abort();
      process.once('SIGINT', stop);
      try {
        for (const site of chosen) {
          if (abort.signal.aborted) break;
          out.write(`crawling ${site.name}\n`);
          const stats = await crawler.crawl(
            site,
            (e) => {
              out.write(`${eventLine(e)}\n`);
            },
            { signal: abort.signal, maxPages: opts.maxPages },
          );
          out.write(`${summaryLine(stats)}\n`);
        }
      } finally {
        process.off('SIGINT', stop);
        await crawler.close();
      }
    });
}

function size(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} B`;
}

/** Control characters out, long values clipped: URLs and messages come from the network. */
function clean(text: string, max = 300): string {
  const t = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
  return t.length > max ? `${t.slice(0, max - 3)}...` : t;
}

export function eventLine(e: CrawlEvent): string {
  switch (e.type) {
    case 'page':
      return `page     ${e.page.status} ${size(e.page.size).padStart(9)}  ${clean(e.page.finalUrl)}${e.page.redirects.length ? `  (from ${clean(e.page.requestedUrl)})` : ''}${e.page.kind === 'edition' ? '  [edition]' : ''}`;
    case 'not-modified':
      return `same     ${e.reason.padEnd(13)} ${clean(e.url)}`;
    case 'skipped':
      return `skip     ${e.kind.padEnd(13)} ${clean(e.url)}: ${clean(e.reason, 200)}`;
    case 'failed':
      return `fail     ${e.code.padEnd(13)} ${clean(e.url)}: ${clean(e.message, 200)}`;
    case 'host-abandoned':
      return `abandon  ${clean(e.host)}: ${clean(e.reason, 200)}`;
  }
}

export function summaryLine(s: CrawlStats): string {
  const by = (r: Record<string, number | undefined>) =>
    Object.entries(r)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
  const skipped = Object.values(s.skipped).reduce((a, b) => a + (b ?? 0), 0);
  const failed = Object.values(s.failed).reduce((a, b) => a + b, 0);
  const rate = s.durationMs > 0 ? ((s.pages + s.notModified) / (s.durationMs / 1000)).toFixed(1) : '-';
  return [
    `${s.site}: ${s.pages} pages, ${s.notModified} not modified`,
    `skipped ${skipped}${skipped ? ` (${by(s.skipped)})` : ''}`,
    `failed ${failed}${failed ? ` (${by(s.failed)})` : ''}`,
    ...(s.hostsAbandoned.length ? [`hosts abandoned ${s.hostsAbandoned.map((h) => h.host).join(' ')}`] : []),
    `${size(s.bytes)} in ${s.requests} requests`,
    `${(s.durationMs / 1000).toFixed(1)} s, ${rate} pages/s${s.truncated ? ', stopped at max pages' : ''}`,
  ].join('; ');
}
