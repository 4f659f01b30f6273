/**
 * The evidence bundle of one finding, read from the store (which it never writes): every capture
 * the finding and its audit trail name, oldest first, with its stored body; the evidence report
 * the CLI's `report --format html --finding` gives; the tool's version.
 */
import { readFileSync } from 'node:fs';
import type { LoadedConfig } from '../config/index.ts';
import { CopywatchError } from '../domain/index.ts';
import { buildBundle } from '../report/index.ts';
import type { Store } from '../store/ports.ts';
import { makeReport } from './report-inputs.ts';

let version: string | null = null;

/** copywatch's version, from its package.json (the same path from src/ and from dist/). */
function toolVersion(): string {
  version ??= (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return version;
}

export interface EvidenceBundle {
  filename: string;
  zip: Uint8Array;
  captures: number;
}

export async function exportEvidenceBundle(store: Store, config: LoadedConfig, findingId: number, exportedAt: string): Promise<EvidenceBundle> {
  const finding = await store.findings.get(findingId);
  if (!finding) throw new CopywatchError('NOT_FOUND', `finding ${findingId} does not exist`);
  const events = await store.findings.events(finding.id);
  const ids = new Set<number>();
  if (finding.evidenceId) ids.add(finding.evidenceId);
  for (const e of events) if (e.evidenceId) ids.add(e.evidenceId);
  const captures = [];
  for (const id of [...ids].sort((a, b) => a - b)) {
    const evidence = await store.evidence.get(id);
    if (evidence) captures.push({ evidence, body: await store.evidence.body(id) });
  }
  captures.sort((a, b) => a.evidence.capturedAt.localeCompare(b.evidence.capturedAt) || a.evidence.id - b.evidence.id);
  if (!captures.length) throw new CopywatchError('NOT_FOUND', `finding ${findingId} has no stored evidence`);
  const report = await makeReport(store, config, { format: 'html', finding: finding.id, filter: {}, generatedAt: exportedAt });
  const { zip } = await buildBundle({ finding, captures, reportHtml: report.body, toolVersion: toolVersion(), exportedAt });
  return { filename: `copywatch-finding-${finding.id}-evidence.zip`, zip, captures: captures.length };
}
