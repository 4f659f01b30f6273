/**
 * The application around the engine: the config, the rules read from their files, the store,
 * the corpus index and the crawler, opened once and shared by the CLI commands and the server.
 * This is the one place (with the jobs) that wires I/O to the pure core.
 */
import { readFileSync } from 'node:fs';
import { loadConfig, type LoadedConfig, type SiteConfig } from '../config/index.ts';
import type { Lookup } from '../crawl/index.ts';
import { CopywatchError, type RuleSet } from '../domain/index.ts';
import { checkUniqueIds, parseRuleSet } from '../rules/index.ts';
import { openPostgresStore, openStore } from '../store/index.ts';
import type { Store } from '../store/ports.ts';
import { Corpus } from './corpus.ts';
import { CrawlerAdapter } from './crawl-adapter.ts';
import { evidenceExtras, type EvidenceExtras } from './evidence-extras.ts';
import type { JudgeSettings } from './judge.ts';
import { allTargets } from './promoted.ts';

export interface App {
  config: LoadedConfig;
  store: Store;
  rules: RuleSet[];
  settings: JudgeSettings;
  clock: () => Date;
  /** The corpus index, loaded on first use. */
  corpus(): Promise<Corpus>;
  /** The crawler, created on first use. */
  crawler(): CrawlerAdapter;
  /** What captures get besides their body (a screenshot), created on first use. */
  evidence(): EvidenceExtras;
  /** The config's targets and the sites promoted from discovery (kept in the store). */
  targets(): Promise<SiteConfig[]>;
  /** DNS lookups of the crawler and of checks (tests give one; default the system's). */
  dnsLookup?: Lookup;
  close(): Promise<void>;
}

export function readRules(paths: string[]): RuleSet[] {
  const sets = paths.map((path) => {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new CopywatchError('RULES_INVALID', code === 'ENOENT' ? `${path}: no such rule file` : `${path}: cannot read: ${(error as Error).message}`);
    }
    return parseRuleSet(text, path);
  });
  checkUniqueIds(sets);
  return sets;
}

function settingsOf(config: LoadedConfig, rules: RuleSet[]): JudgeSettings {
  return {
    publisher: { names: [config.publisher.name, ...config.publisher.aliases], domains: config.publisher.ownedDomains },
    ownedDomains: config.publisher.ownedDomains,
    licensees: config.licensees,
    thresholds: config.matching.thresholds,
    rules,
    maxBytes: config.crawler.maxBytes,
  };
}

export async function openApp(configPath: string, options: { clock?: () => Date; config?: LoadedConfig; dnsLookup?: Lookup } = {}): Promise<App> {
  const config = options.config ?? loadConfig(configPath);
  const rules = readRules(config.rules);
  // A queue worker runs `queue.batch` pages at once, each with its store writes: a connection each.
  const store =
    config.queue.enabled && 'postgres' in config.storage && config.storage.postgres
      ? await openPostgresStore({ ...config.storage.postgres, maxConnections: Math.max(10, config.queue.batch + 2) })
      : await openStore(config.storage);
  const clock = options.clock ?? (() => new Date());
  let corpus: Promise<Corpus> | null = null;
  let crawler: CrawlerAdapter | null = null;
  let extras: EvidenceExtras | null = null;
  return {
    config,
    store,
    rules,
    settings: settingsOf(config, rules),
    clock,
    corpus: () => (corpus ??= Corpus.load(store)),
    crawler: () => (crawler ??= new CrawlerAdapter(config.crawler, store, clock, { dnsLookup: options.dnsLookup })),
    evidence: () => (extras ??= evidenceExtras(config, store, clock, options.dnsLookup)),
    targets: () => allTargets(store, config.targets),
    dnsLookup: options.dnsLookup,
    async close() {
      await crawler?.close();
      await extras?.close();
      await store.close();
    },
  };
}
