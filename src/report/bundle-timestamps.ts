/**
 * The RFC 3161 part of an evidence bundle: which digests were stamped (the manifest's own
 * SHA-256, each capture's stored body SHA-256), where their tokens lie (`timestamps/*.tsr`), or
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
}

/** The manifest's record of the stamps, and the capture tokens as files of the bundle. */
export function stampEntries(
  t: BundleTimestamps,
  captures: Array<{ file: string; evidenceId: number; bodySha256: string }>,
): { record: ManifestTimestamps; files: Record<string, Uint8Array> } {
  const files: Record<string, Uint8Array> = {};
  const entries = captures.map((c, i) => {
    const s = t.captures[i] ?? { missing: 'not asked' };
    const base = { stamps: `the stored body of evidence ${c.evidenceId} (${c.file})`, evidenceId: c.evidenceId, sha256: c.bodySha256 };
    if ('missing' in s) return { ...base, missing: s.missing };
    const file = `timestamps/${c.file.replace(/\.warc$/, '')}-body.tsr`;
    files[file] = s.token;
    return { ...base, file, genTime: s.genTime, stampedAt: s.atCapture ? ('capture' as const) : ('export' as const) };
  });
  const stamps = 'the SHA-256 of manifest.json as it is in this bundle';
  const manifest = t.manifest !== 'pending' ? { stamps, missing: t.manifest.missing } : { stamps, file: MANIFEST_TOKEN };
  return { record: { standard: 'RFC 3161', tsa: t.tsa, manifest, captures: entries }, files };
}

/** Every check of the bundle's tokens; `manifestSha256` is of manifest.json's bytes as read. */
export function checkTimestamps(
  t: ManifestTimestamps,
  entries: Record<string, Uint8Array>,
  captures: Array<{ evidenceId: number; bodySha256: string }>,
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
  return checks;
}
