/**
 * A config for the fixture web, as config.example.json has it, but with the fixture web's own
 * port, no politeness delay, and a store in a temporary folder: for tests and benchmarks.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FixtureWeb } from './web/index.ts';

export const REPO = resolve(import.meta.dirname, '..', '..');

export interface DemoSetup {
  dir: string;
  configPath: string;
  dbPath: string;
  config: Record<string, any>;
  cleanup(): void;
}

export function demoConfig(web: Pick<FixtureWeb, 'resolve'>, edit: (config: Record<string, any>) => void = () => {}): DemoSetup {
  const dir = mkdtempSync(join(tmpdir(), 'copywatch-demo-'));
  const config = JSON.parse(readFileSync(join(REPO, 'config.example.json'), 'utf8'));
  config.rules = config.rules.map((r: string) => join(REPO, r));
  config.crawler = { ...config.crawler, resolve: web.resolve, delayMs: 0, timeoutMs: 5000, retries: 0 };
  const dbPath = join(dir, 'copywatch.db');
  config.storage = { sqlite: { path: dbPath } };
  config.schedules = [];
  edit(config);
  const configPath = join(dir, 'config.json');
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  return { dir, configPath, dbPath, config, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
