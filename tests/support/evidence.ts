/**
 * What the evidence tests share: the demo's corpus indexed and its copying target scanned through
 * the CLI, and the high-severity findings that left (each with its captures).
 */
import { expect } from 'vitest';
import { runCli } from './cli.ts';

/** Runs `index` then `scan --target nengyuan-zixun` with `configPath`; the high-severity findings, at least one. */
export async function scannedHighFindings(configPath: string): Promise<Array<{ id: number }>> {
  const index = await runCli(['--config', configPath, 'index'], { timeoutMs: 120_000 });
  expect(index.code, index.stderr).toBe(0);
  const scan = await runCli(['--config', configPath, 'scan', '--target', 'nengyuan-zixun'], { timeoutMs: 300_000 });
  expect(scan.code, scan.stderr).toBe(0);
  const findings = JSON.parse((await runCli(['--config', configPath, 'findings', '--json', '--severity', 'high'])).stdout);
  expect(findings.length).toBeGreaterThan(0);
  return findings;
}
