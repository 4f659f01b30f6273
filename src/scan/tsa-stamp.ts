/**
 * Asking a Time-Stamp Authority to stamp SHA-256 digests (`evidence.tsa`): at capture (queued in
 * the store and retried with backoff while the TSA is down: `CaptureStamps`) and at export.
 */
import { randomBytes, type X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { LoadedConfig } from '../config/index.ts';
import { postTimestampQuery } from '../crawl/index.ts';
import { readPemCertificates, readTimestampReply, timestampRequest, verifyTimestampToken } from '../report/index.ts';
import type { Store, StampSubject } from '../store/ports.ts';

type TsaConfig = NonNullable<LoadedConfig['evidence']['tsa']>;
export type Stamp = { token: Uint8Array; genTime: string; atCapture?: boolean } | { missing: string; unreachable?: boolean };

/** The CA certificates of `evidence.tsa.certFile`, or why they cannot be read, or null (none given). */
function tsaCas(tsa: TsaConfig): X509Certificate[] | string | null {
  if (!tsa.certFile) return null;
  try {
    const cas = readPemCertificates(readFileSync(tsa.certFile, 'utf8'));
    return cas.length ? cas : `evidence.tsa.certFile ${tsa.certFile}: no PEM certificate in it`;
  } catch (error) {
    return `evidence.tsa.certFile ${tsa.certFile}: ${(error as Error).message}`;
  }
}

/** A function asking the TSA to stamp one SHA-256 digest (hex): the granted token, or why there is none. */
export function tsaAsker(tsa: TsaConfig, userAgent: string): (sha256: string) => Promise<Stamp> {
  const cas = tsaCas(tsa);
  return async (sha256) => {
    if (typeof cas === 'string') return { missing: cas };
    const nonce = randomBytes(16);
    nonce[0] = (nonce[0] & 0x7f) | 0x01;
    const answer = await postTimestampQuery(timestampRequest(sha256, nonce), {
      url: tsa.url,
      timeoutMs: tsa.timeoutMs,
      allowPrivate: tsa.allowPrivate,
      userAgent,
    });
    if (!answer.ok) return { missing: answer.reason, unreachable: true };
    const reply = readTimestampReply(answer.body, sha256, nonce);
    if (!reply.ok) return { missing: `the TSA's answer: ${reply.reason}` };
    if (cas) {
      const failed = verifyTimestampToken(reply.token, sha256, cas, 'token').find((c) => !c.ok);
      if (failed) return { missing: `the TSA's token does not verify against evidence.tsa.certFile: ${failed.line.replace(/^token: /, '')}` };
    }
    return reply;
  };
}

/** Backoff of a stamp that failed `attempts` times: 1 min, 2, 4 … at most 6 h. */
function stampBackoffMs(attempts: number): number {
  return Math.min(6 * 3600_000, 60_000 * 2 ** Math.max(0, attempts - 1));
}

export interface StampRound {
  stamped: number;
  failed: number;
  /** Still pending after the round (the TSA down, or not due yet). */
  pending: number;
  /** One line per failure: `evidence 7 body: the TSA at … cannot be reached: …`. */
  reasons: string[];
}

/**
 * The stamps of captures' digests, taken when the capture is stored. `capture` queues the
 * digests then asks for every stamp due (those of earlier captures the TSA missed included);
 * when the TSA cannot be reached, the rest wait for their next attempt (backoff per stamp), and
 * this process does not ask again before the earliest of them. A capture never waits on it
 * longer than the TSA's `timeoutMs`.
 */
export class CaptureStamps {
  private readonly ask: (sha256: string) => Promise<Stamp>;
  private quietUntil = 0;

  constructor(
    private readonly store: Store,
    private readonly tsa: TsaConfig,
    userAgent: string,
    private readonly clock: () => Date,
  ) {
    this.ask = tsaAsker(tsa, userAgent);
  }

  async capture(evidenceId: number, digests: Array<{ what: StampSubject; sha256: string }>): Promise<void> {
    const at = this.clock().toISOString();
    await this.store.evidence.queueStamps(
      digests.filter((d) => d.sha256).map((d) => ({ evidenceId, ...d, tsaUrl: this.tsa.url })),
      at,
    );
    if (this.clock().getTime() >= this.quietUntil) await this.round();
  }

  /** Asks for every stamp due (at most `limit`); stops at the first the TSA cannot be reached for. */
  async round(limit = 100, { all = false }: { all?: boolean } = {}): Promise<StampRound> {
    const out: StampRound = { stamped: 0, failed: 0, pending: 0, reasons: [] };
    // `all`: every pending stamp, its backoff ignored (`copywatch evidence stamp --all`).
    const due = await this.store.evidence.dueStamps(all ? '9999-12-31T23:59:59.999Z' : this.clock().toISOString(), limit);
    for (const s of due) {
      const r = await this.ask(s.sha256);
      const now = this.clock();
      if ('token' in r) {
        await this.store.evidence.stampGranted(s.evidenceId, s.what, Buffer.from(r.token), r.genTime, now.toISOString());
        out.stamped++;
        continue;
      }
      out.failed++;
      out.reasons.push(`evidence ${s.evidenceId} ${s.what}: ${r.missing}`);
      const wait = stampBackoffMs(s.attempts + 1);
      await this.store.evidence.stampFailed(s.evidenceId, s.what, r.missing, new Date(now.getTime() + wait).toISOString());
      if (r.unreachable) {
        this.quietUntil = now.getTime() + stampBackoffMs(1);
        break;
      }
    }
    out.pending = await this.store.evidence.pendingStamps();
    return out;
  }
}
