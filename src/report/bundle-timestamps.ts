/**
 * The RFC 3161 part of an evidence bundle: which digests were stamped (the manifest's own
 * SHA-256, each capture's stored body SHA-256 and its screenshot's), where their tokens lie (`timestamps/*.tsr`), or
 * why a stamp is missing; and the checks `verifyBundle` makes of them. Pure.
 */
import type { X509Certificate } from 'node:crypto';
import { verifyTimestampToken, type TokenCheck } from './timestamp-token.ts';

export const MANIFEST_TOKEN = 'timestamps/manifest.tsr';

/** `atCapture`: the token was taken when the capture was stored, not at export. */
type Stamp = { token: Uint8Array; genTime: string; atCapture?: boolean } | { missing: string };

/** What the export got from the TSA. */
export interface BundleTimestamps {
  tsa: string;
  /** One per capture, in the bundle's order. */
  captures: Stamp[];
  /** One per capture, in the bundle's order: its screenshot's stamp, null when the bundle carries no screenshot of it. */
  screenshots?: Array<Stamp | null>;
  /** The manifest's stamp: `pending` (its token is then added with `withManifestToken`), or why it is missing. */
  manifest: { missing: string } | 'pending';
}

interface StampEntry {
  /** What the digest is of. */
  stamps: string;
  sha256: string;
  /** The token (DER TimeStampToken) in the bundle, when the TSA granted it. */
  file?: string;
  genTime?: string;
  /** When the token was asked for: when the capture was stored, or at export. */
  stampedAt?: 'capture' | 'export';
  /** Why there is no token. */
  missing?: string;
}

export interface ManifestTimestamps {
  standard: 'RFC 3161';
  tsa: string;
  /** The token of the SHA-256 of manifest.json's own bytes (so it lies beside the manifest, not among its files). */
  manifest: Omit<StampEntry, 'sha256'>;
  captures: Array<StampEntry & { evidenceId: number }>;
  /** The screenshots' stamps (SHA-256 of each PNG in the bundle); absent in bundles made before they were kept. */
  screenshots?: Array<StampEntry & { evidenceId: number }>;
}

/** A capture as the manifest gives it: its body digest and, when the bundle holds its PNG, the screenshot's. */
interface StampedCapture {
  file: string;
  evidenceId: number;
  bodySha256: string;
  screenshot?: { file: string; sha256: string } | { missing: string };
}

const tokenFile = (capture: string, what: string): string => `timestamps/${capture.replace(/\.warc$/, '')}-${what}.tsr`;

/** The manifest's record of the stamps, and the capture tokens as files of the bundle. */
export function stampEntries(t: BundleTimestamps, captures: StampedCapture[]): { record: ManifestTimestamps; files: Record<string, Uint8Array> } {
  const files: Record<string, Uint8Array> = {};
  const entry = (s: Stamp, base: { stamps: string; evidenceId: number; sha256: string }, file: string) => {
    if ('missing' in s) return { ...base, missing: s.missing };
    files[file] = s.token;
    return { ...base, file, genTime: s.genTime, stampedAt: s.atCapture ? ('capture' as const) : ('export' as const) };
  };
  const entries = captures.map((c, i) =>
    entry(
      t.captures[i] ?? { missing: 'not asked' },
      { stamps: `the stored body of evidence ${c.evidenceId} (${c.file})`, evidenceId: c.evidenceId, sha256: c.bodySha256 },
      tokenFile(c.file, 'body'),
    ),
  );
  const shots = captures.flatMap((c, i) => {
    const s = t.screenshots?.[i];
    if (!s || !c.screenshot || !('file' in c.screenshot)) return [];
    const base = { stamps: `the screenshot of evidence ${c.evidenceId} (${c.screenshot.file})`, evidenceId: c.evidenceId, sha256: c.screenshot.sha256 };
    return [entry(s, base, tokenFile(c.file, 'screenshot'))];
  });
  const stamps = 'the SHA-256 of manifest.json as it is in this bundle';
  const manifest = t.manifest !== 'pending' ? { stamps, missing: t.manifest.missing } : { stamps, file: MANIFEST_TOKEN };
  return { record: { standard: 'RFC 3161', tsa: t.tsa, manifest, captures: entries, ...(shots.length ? { screenshots: shots } : {}) }, files };
}

/** Every check of the bundle's tokens; `manifestSha256` is of manifest.json's bytes as read. */
export function checkTimestamps(
  t: ManifestTimestamps,
  entries: Record<string, Uint8Array>,
  captures: StampedCapture[],
  manifestSha256: string,
  cas: X509Certificate[] | null,
): TokenCheck[] {
  const checks: TokenCheck[] = [];
  const one = (file: string | undefined, missing: string | undefined, sha256: string, what: string): void => {
    if (!file) {
      checks.push({ ok: true, skipped: true, line: `timestamps: ${what} has no timestamp: ${missing ?? 'no reason given'}` });
      return;
    }
    const bytes = entries[file];
    if (!bytes) checks.push({ ok: false, line: `${file}: the timestamp of ${what} is missing from the bundle` });
    else checks.push(...verifyTimestampToken(bytes, sha256, cas, file));
  };
  one(t.manifest?.file, t.manifest?.missing, manifestSha256, 'manifest.json');
  for (const s of t.captures ?? []) {
    const c = captures.find((x) => x.evidenceId === s.evidenceId);
    if (!c || c.bodySha256 !== s.sha256) {
      checks.push({ ok: false, line: `timestamps: the stamped digest ${s.sha256} is not the stored body digest of evidence ${s.evidenceId} in the manifest` });
      continue;
    }
    one(s.file, s.missing, s.sha256, `the body of evidence ${s.evidenceId}`);
  }
  for (const s of t.screenshots ?? []) {
    const shot = captures.find((x) => x.evidenceId === s.evidenceId)?.screenshot;
    if (!shot || !('file' in shot) || shot.sha256 !== s.sha256) {
      checks.push({ ok: false, line: `timestamps: the stamped digest ${s.sha256} is not the screenshot digest of evidence ${s.evidenceId} in the manifest` });
      continue;
    }
    one(s.file, s.missing, s.sha256, `the screenshot of evidence ${s.evidenceId}`);
  }
  // A screenshot in the bundle whose stamp is not recorded: a manifest rewritten to drop it.
  for (const c of captures) {
    if (t.screenshots && c.screenshot && 'file' in c.screenshot && !t.screenshots.some((s) => s.evidenceId === c.evidenceId))
      checks.push({ ok: false, line: `timestamps: the screenshot of evidence ${c.evidenceId} (${c.screenshot.file}) has no stamp entry` });
  }
  return checks;
}
