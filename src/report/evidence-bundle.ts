/**
 * The evidence bundle of one finding: a ZIP of one WARC per capture, the evidence report (HTML)
 * and `manifest.json` (every other file's SHA-256 and size, the finding, its captures with their
 * times and stored body digests, the tool, the export time). `verifyBundle` checks one without
 * copywatch's database. Pure: bytes and values in, bytes and checks out.
 */
import { createHash, type X509Certificate } from 'node:crypto';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import type { Evidence, Finding } from '../domain/index.ts';
import { checkTimestamps, MANIFEST_TOKEN, stampEntries, type BundleTimestamps, type ManifestTimestamps } from './bundle-timestamps.ts';
import { captureWarc } from './warc-capture.ts';
import { checkCapture } from './bundle-warc.ts';
import { checkImages, imageEntries, type BundleImage, type ManifestImage } from './bundle-images.ts';

const FORMAT = 'copywatch-evidence-bundle/1';
const MANIFEST = 'manifest.json';
const REPORT = 'report.html';

interface BundleCapture {
  evidence: Evidence;
  body: Uint8Array | null;
  /** The screenshot's PNG as stored, or null. */
  screenshot?: Uint8Array | null;
  /** The WARC written at fetch time, as stored, or null (then rebuilt from the stored capture). */
  warc?: Uint8Array | null;
}

interface BundleInput {
  finding: Finding;
  /** Oldest first. */
  captures: BundleCapture[];
  reportHtml: string;
  toolVersion: string;
  /** UTC ISO time of the export. */
  exportedAt: string;
  /** RFC 3161 stamps, when a TSA is configured. */
  timestamps?: BundleTimestamps;
  /** An image finding's original and copy, as stored. */
  images?: BundleImage[];
}

interface ManifestFile {
  name: string;
  sha256: string;
  size: number;
}

interface ManifestCapture {
  file: string;
  /**
   * `fetch`: the WARC written when the page was fetched (request, response as received,
   * metadata), byte for byte as stored; `export`: rebuilt at export from the stored capture (a
   * capture stored before copywatch wrote WARCs at fetch time, or read from a web archive).
   */
  warcWritten?: 'fetch' | 'export';
  evidenceId: number;
  requestedUrl: string;
  finalUrl: string;
  status: number;
  capturedAt: string;
  bodySha256: string;
  bodySize: number;
  bodyStored: boolean;
  /**
   * The screenshot taken at capture (`file` in the bundle, its SHA-256 as stored at capture), or
   * why there is none (`missing`); absent when none was asked for.
   */
  screenshot?: { file: string; sha256: string; size: number; takenAt: string | null; note: string | null } | { missing: string };
}

interface Manifest {
  format: typeof FORMAT;
  tool: { name: 'copywatch'; version: string };
  exportedAt: string;
  finding: {
    id: number;
    url: string;
    articleUrl: string;
    articleTitle: string | null;
    verdict: string;
    severity: string;
    status: string;
    containment: number;
    firstSeen: string;
    lastSeen: string;
    rules: string[];
  };
  captures: ManifestCapture[];
  /** An image finding's two images (`images/original.<ext>`, `images/copy.<ext>`); absent for a text finding. */
  images?: ManifestImage[];
  report: string;
  files: ManifestFile[];
  /** Absent when no TSA is configured. */
  timestamps?: ManifestTimestamps;
  limits: string[];
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** The manifest's record of a capture's screenshot, the PNG put among `files` as `name`. */
function screenshotEntry(e: Evidence, png: Uint8Array | null, name: string, files: Record<string, Uint8Array>): Pick<ManifestCapture, 'screenshot'> {
  const s = e.screenshot;
  if (!s) return {};
  if (!s.sha256) return { screenshot: { missing: s.note ?? 'not taken' } };
  if (!png) return { screenshot: { missing: `the screenshot (SHA-256 ${s.sha256}) is no longer stored` } };
  files[name] = png;
  return { screenshot: { file: name, sha256: s.sha256, size: s.size ?? png.length, takenAt: s.takenAt, note: s.note } };
}

/** A capture's screenshot in the bundle: its bytes must have the SHA-256 stored at capture. */
function checkScreenshot(c: ManifestCapture, entries: Record<string, Uint8Array>): BundleCheck[] {
  const s = c.screenshot;
  if (!s) return [];
  if ('missing' in s) return [{ ok: true, skipped: true, line: `${c.file}: no screenshot: ${s.missing}` }];
  const bytes = entries[s.file];
  if (!bytes) return [{ ok: false, line: `${s.file}: the screenshot of evidence ${c.evidenceId} is missing` }];
  const digest = sha256(bytes);
  if (digest !== s.sha256)
    return [{ ok: false, line: `${s.file}: SHA-256 ${digest} is not the screenshot's taken at capture ${s.sha256} (evidence ${c.evidenceId})` }];
  const png = bytes.length > 24 && bytes[0] === 0x89 && strFromU8(bytes.subarray(1, 4)) === 'PNG';
  if (!png) return [{ ok: false, line: `${s.file}: not a PNG` }];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return [
    {
      ok: true,
      line: `${s.file}: the screenshot of evidence ${c.evidenceId} (PNG ${view.getUint32(16)}×${view.getUint32(20)}, SHA-256 ${s.sha256}, taken ${s.takenAt})`,
    },
  ];
}

interface BuiltBundle {
  zip: Uint8Array;
  manifest: Manifest;
  /** The SHA-256 of manifest.json: the digest its timestamp stamps. */
  manifestSha256: string;
  /** The same bundle (the same bytes of every file: WARC record ids are random) with the manifest's token beside the manifest. */
  withManifestToken(token: Uint8Array): Uint8Array;
}

/** The bundle's ZIP bytes and its manifest. */
export async function buildBundle(input: BundleInput): Promise<BuiltBundle> {
  const f = input.finding;
  const software = `copywatch/${input.toolVersion}`;
  const files: Record<string, Uint8Array> = {};
  const captures: ManifestCapture[] = [];
  for (const [i, c] of input.captures.entries()) {
    const name = `capture-${i + 1}.warc`;
    files[name] = c.warc ?? (await captureWarc({ evidence: c.evidence, body: c.body, findingId: f.id, software, filename: name }));
    const e = c.evidence;
    captures.push({
      file: name,
      warcWritten: c.warc ? 'fetch' : 'export',
      evidenceId: e.id,
      requestedUrl: e.requestedUrl,
      finalUrl: e.finalUrl,
      status: e.status,
      capturedAt: e.capturedAt,
      bodySha256: e.sha256,
      bodySize: e.size,
      bodyStored: c.body !== null,
      ...screenshotEntry(e, c.screenshot ?? null, `capture-${i + 1}.png`, files),
    });
  }
  const images = input.images?.length ? imageEntries(input.images, files) : null;
  files[REPORT] = strToU8(input.reportHtml);
  const stamps = input.timestamps && stampEntries(input.timestamps, captures);
  if (stamps) Object.assign(files, stamps.files);
  const manifest: Manifest = {
    format: FORMAT,
    tool: { name: 'copywatch', version: input.toolVersion },
    exportedAt: input.exportedAt,
    finding: {
      id: f.id,
      url: f.url,
      articleUrl: f.articleUrl,
      articleTitle: f.articleTitle,
      verdict: f.verdict,
      severity: f.severity,
      status: f.status,
      containment: f.containment,
      firstSeen: f.firstSeen,
      lastSeen: f.lastSeen,
      rules: f.violations.map((v) => v.ruleId),
    },
    captures,
    ...(images ? { images } : {}),
    report: REPORT,
    files: Object.entries(files).map(([name, bytes]) => ({ name, sha256: sha256(bytes), size: bytes.length })),
    ...(stamps ? { timestamps: stamps.record } : {}),
    limits: [
      captures.every((c) => c.warcWritten === 'fetch')
        ? 'WARC files were written at fetch time (request rebuilt from the headers given to the HTTP client; response headers and body as received, transfer-decoded)'
        : 'WARC files marked warcWritten "export" are rebuilt from the stored capture (selected headers, body after content decoding) at export, not written at fetch time',
      stamps
        ? 'RFC 3161: a capture stamped when it was stored (stampedAt "capture") proves its body digest existed at that genTime; one stamped at export, and the manifest, prove existence at export only'
        : 'no RFC 3161 timestamp token (no TSA configured)',
      captures.some((c) => c.screenshot && 'file' in c.screenshot)
        ? 'screenshots are rendered by headless Chromium with the network limited to the page origin: what scripts of other origins would have shown is not in them'
        : 'no screenshot (none taken: evidence.screenshot is off, or it is missing and the capture says why)',
      ...(images
        ? [
            'images: the copy is the image as fetched to hash it; the original was fetched again through the crawler when the finding was recorded (its SHA-256 may differ from the one indexed if the publisher changed the file)',
          ]
        : []),
      'the manifest is not signed: it proves the files match it, not who made it',
    ],
  };
  const mtime = new Date(input.exportedAt);
  const zippable: Zippable = {};
  for (const [name, bytes] of Object.entries(files)) zippable[name] = [bytes, { mtime }];
  const manifestBytes = strToU8(`${JSON.stringify(manifest, null, 2)}\n`);
  zippable[MANIFEST] = [manifestBytes, { mtime }];
  return {
    zip: zipSync(zippable, { level: 6 }),
    manifest,
    manifestSha256: sha256(manifestBytes),
    withManifestToken: (token) => zipSync({ ...zippable, [MANIFEST_TOKEN]: [token, { mtime }] }, { level: 6 }),
  };
}

interface BundleCheck {
  ok: boolean;
  /** A check that could not be made (a stamp the TSA did not give, a chain without --ca): not a failure. */
  skipped?: boolean;
  /** What was checked and, when it fails, what is wrong: `capture-1.warc: sha256 ok`. */
  line: string;
}

type BundleVerdict = { bundle: false; reason: string } | { bundle: true; checks: BundleCheck[] };

function readManifest(entries: Record<string, Uint8Array>): Manifest | string {
  const raw = entries[MANIFEST];
  if (!raw) return `no ${MANIFEST}`;
  let m: unknown;
  try {
    m = JSON.parse(strFromU8(raw));
  } catch {
    return `${MANIFEST} is not JSON`;
  }
  const manifest = m as Partial<Manifest> | null;
  if (!manifest || manifest.format !== FORMAT) return `${MANIFEST}: format is not ${FORMAT}`;
  if (!Array.isArray(manifest.files) || !Array.isArray(manifest.captures)) return `${MANIFEST}: no files or captures`;
  return manifest as Manifest;
}

/**
 * Every check of a bundle: each file's digest and size, no file missing or extra, each WARC's
 * record digests and payload, each timestamp token (chained to one of `cas`; null: not chained).
 */
export async function verifyBundle(zip: Uint8Array, cas: X509Certificate[] | null = null): Promise<BundleVerdict> {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(zip);
  } catch (error) {
    return { bundle: false, reason: `not a ZIP file (${(error as Error).message})` };
  }
  const manifest = readManifest(entries);
  if (typeof manifest === 'string') return { bundle: false, reason: manifest };
  const checks: BundleCheck[] = [
    {
      ok: true,
      line: `${MANIFEST}: ${FORMAT}, finding ${manifest.finding?.id}, ${manifest.files.length} files, exported ${manifest.exportedAt} by copywatch ${manifest.tool?.version}`,
    },
  ];
  const listed = new Set(manifest.files.map((f) => f.name));
  for (const f of manifest.files) {
    const bytes = entries[f.name];
    if (!bytes) {
      checks.push({ ok: false, line: `${f.name}: missing from the bundle` });
      continue;
    }
    const digest = sha256(bytes);
    if (digest !== f.sha256) checks.push({ ok: false, line: `${f.name}: SHA-256 ${digest}, the manifest says ${f.sha256}` });
    else if (bytes.length !== f.size) checks.push({ ok: false, line: `${f.name}: ${bytes.length} bytes, the manifest says ${f.size}` });
    else checks.push({ ok: true, line: `${f.name}: SHA-256 and size ok (${f.size} bytes)` });
  }
  for (const name of Object.keys(entries)) {
    if (name !== MANIFEST && !listed.has(name) && !(name === MANIFEST_TOKEN && manifest.timestamps?.manifest?.file === MANIFEST_TOKEN))
      checks.push({ ok: false, line: `${name}: in the bundle but not in the manifest` });
  }
  if (!listed.has(manifest.report)) checks.push({ ok: false, line: `${manifest.report}: the report is not among the manifest's files` });
  for (const c of manifest.captures) {
    const bytes = entries[c.file];
    if (!listed.has(c.file) || !bytes) {
      checks.push({ ok: false, line: `${c.file}: capture of evidence ${c.evidenceId} is missing` });
      continue;
    }
    checks.push(...(await checkCapture(c, bytes)));
    checks.push(...checkScreenshot(c, entries));
  }
  checks.push(...checkImages(manifest.images, entries));
  if (manifest.timestamps) checks.push(...checkTimestamps(manifest.timestamps, entries, manifest.captures, sha256(entries[MANIFEST]), cas));
  else checks.push({ ok: true, skipped: true, line: 'timestamps: the bundle carries no RFC 3161 timestamp (no TSA was configured)' });
  return { bundle: true, checks };
}
