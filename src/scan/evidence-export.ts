/**
 * The evidence bundle of one finding, read from the store (which it never writes): every capture
 * the finding and its audit trail name, oldest first, with its stored body; the evidence report
 * the CLI's `report --format html --finding` gives; the tool's version.
 */
import type { LoadedConfig } from '../config/index.ts';
import { CopywatchError, type Evidence } from '../domain/index.ts';
import { buildBundle } from '../report/index.ts';
import type { StampSubject, Store } from '../store/ports.ts';
import { makeReport } from './report-inputs.ts';
import { toolVersion } from './tool-version.ts';
import { tsaAsker, type Stamp } from './tsa-stamp.ts';

export interface EvidenceBundle {
  filename: string;
  zip: Uint8Array;
  captures: number;
  /** With a TSA configured: the stamps obtained, and why the others are missing (one line each). */
  timestamps: { stamped: number; missing: string[] } | null;
}

type TsaConfig = NonNullable<LoadedConfig['evidence']['tsa']>;

/** Asks the TSA to stamp SHA-256 digests; after the TSA could not be reached once, the rest are missing for the same reason. */
function stamper(tsa: TsaConfig, userAgent: string): (sha256: string) => Promise<Stamp> {
  const ask = tsaAsker(tsa, userAgent);
  let down: string | null = null;
  return async (sha256) => {
    if (down) return { missing: down };
    const r = await ask(sha256);
    if ('missing' in r && r.unreachable) down = r.missing;
    return r;
  };
}

export async function exportEvidenceBundle(store: Store, config: LoadedConfig, findingId: number, exportedAt: string): Promise<EvidenceBundle> {
  const finding = await store.findings.get(findingId);
  if (!finding) throw new CopywatchError('NOT_FOUND', `finding ${findingId} does not exist`);
  const events = await store.findings.events(finding.id);
  const ids = new Set<number>();
  if (finding.evidenceId) ids.add(finding.evidenceId);
  for (const e of events) if (e.evidenceId) ids.add(e.evidenceId);
  const captures: Array<{ evidence: Evidence; body: Uint8Array | null; screenshot: Uint8Array | null; warc: Uint8Array | null }> = [];
  for (const id of [...ids].sort((a, b) => a - b)) {
    const evidence = await store.evidence.get(id);
    if (evidence)
      captures.push({
        evidence,
        body: await store.evidence.body(id),
        screenshot: evidence.screenshot?.sha256 ? await store.evidence.screenshot(id) : null,
        warc: await store.evidence.fetchWarc(id),
      });
  }
  captures.sort((a, b) => a.evidence.capturedAt.localeCompare(b.evidence.capturedAt) || a.evidence.id - b.evidence.id);
  if (!captures.length) throw new CopywatchError('NOT_FOUND', `finding ${findingId} has no stored evidence`);
  const report = await makeReport(store, config, { format: 'html', finding: finding.id, filter: {}, generatedAt: exportedAt });
  const images = [];
  for (const i of await store.imageEvidence.ofFinding(finding.id)) {
    const bytes = await store.imageEvidence.bytes(i.sha256);
    if (bytes) images.push({ role: i.role, url: i.url, sha256: i.sha256, format: i.format, evidenceId: i.evidenceId, storedAt: i.storedAt, bytes });
  }
  const input = { finding, captures, reportHtml: report.body, toolVersion: toolVersion(), exportedAt, images };
  const filename = `copywatch-finding-${finding.id}-evidence.zip`;
  const tsa = config.evidence.tsa;
  if (!tsa) return { filename, zip: (await buildBundle(input)).zip, captures: captures.length, timestamps: null };
  const stamp = stamper(tsa, config.crawler.userAgent);
  const bodies: Stamp[] = [];
  const screenshots: Array<Stamp | null> = [];
  for (const c of captures) {
    // The stamp taken when the capture was stored, when there is one; else one asked now.
    const stamps = await store.evidence.stampsOf(c.evidence.id);
    const keptOr = async (what: StampSubject, sha256: string): Promise<Stamp> => {
      const kept = stamps.find((s) => s.what === what && s.status === 'stamped' && s.token && s.genTime && s.sha256 === sha256);
      return kept?.token && kept.genTime ? { token: kept.token, genTime: kept.genTime, atCapture: true } : await stamp(sha256);
    };
    bodies.push(await keptOr('body', c.evidence.sha256));
    const shot = c.evidence.screenshot?.sha256;
    screenshots.push(shot && c.screenshot ? await keptOr('screenshot', shot) : null);
  }
  const timestamps = { tsa: tsa.url, captures: bodies, screenshots };
  // The manifest names its own token before it exists; stamped, the very same files are zipped with it.
  const first = await buildBundle({ ...input, timestamps: { ...timestamps, manifest: 'pending' } });
  const m = await stamp(first.manifestSha256);
  const zip = 'token' in m ? first.withManifestToken(m.token) : (await buildBundle({ ...input, timestamps: { ...timestamps, manifest: m } })).zip;
  const all = [
    { what: 'manifest.json', s: m },
    ...bodies.map((s, i) => ({ what: `the body of evidence ${captures[i].evidence.id}`, s })),
    ...screenshots.flatMap((s, i) => (s ? [{ what: `the screenshot of evidence ${captures[i].evidence.id}`, s }] : [])),
  ];
  const missing = all.flatMap(({ what, s }) => ('missing' in s ? [`${what}: ${s.missing}`] : []));
  return { filename, zip, captures: captures.length, timestamps: { stamped: all.length - missing.length, missing } };
}
