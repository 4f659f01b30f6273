/** The RFC 3161 core against a real TSA (openssl ts -reply behind node:http): request, reply, token checks. */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPemCertificates, readTimestampReply, timestampRequest, verifyTimestampToken } from '../../src/report/timestamp-token.ts';
import { startTestTsa, type TestTsa } from '../support/tsa.ts';

let tsa: TestTsa;
beforeAll(async () => {
  tsa = await startTestTsa();
}, 60_000);
afterAll(async () => tsa?.close());

async function stamp(digest: string): Promise<{ reply: Uint8Array; nonce: Uint8Array }> {
  const nonce = randomBytes(8);
  nonce[0] = (nonce[0] & 0x7f) | 0x01;
  const res = await fetch(tsa.url, { method: 'POST', headers: { 'content-type': 'application/timestamp-query' }, body: timestampRequest(digest, nonce) });
  return { reply: new Uint8Array(await res.arrayBuffer()), nonce };
}

describe('RFC 3161 timestamp tokens', () => {
  const digest = createHash('sha256').update('copywatch').digest('hex');

  it('a granted reply gives a token whose imprint, signature and chain verify', async () => {
    const { reply, nonce } = await stamp(digest);
    const r = readTimestampReply(reply, digest, nonce);
    if (!r.ok) throw new Error(r.reason);
    expect(r.genTime).toMatch(/^\d{4}-/);
    const cas = readPemCertificates(readFileSync(tsa.caFile, 'utf8'));
    const checks = verifyTimestampToken(r.token, digest, cas, 'manifest.tsr');
    expect(
      checks.filter((c) => !c.ok),
      JSON.stringify(checks),
    ).toEqual([]);
    expect(checks.map((c) => c.line).join('\n')).toMatch(/CMS signature ok[\s\S]*chain ok/);
    const noCa = verifyTimestampToken(r.token, digest, null, 'm');
    expect(noCa.find((c) => c.skipped)?.line).toMatch(/NOT checked/);
  });

  it('another digest, another nonce, a changed byte, another CA: each is caught', async () => {
    const { reply, nonce } = await stamp(digest);
    expect(
      readTimestampReply(
        reply,
        digest.replace(/^./, (c) => (c === '0' ? '1' : '0')),
        nonce,
      ),
    ).toMatchObject({ ok: false, reason: /stamps SHA-256/ });
    expect(readTimestampReply(reply, digest, Uint8Array.of(1, 2, 3))).toMatchObject({ ok: false, reason: /nonce/ });
    const r = readTimestampReply(reply, digest, nonce);
    if (!r.ok) throw new Error(r.reason);
    const other = createHash('sha256').update('other').digest('hex');
    expect(verifyTimestampToken(r.token, other, null, 't').some((c) => !c.ok)).toBe(true);
    // The genTime lies inside the TSTInfo: change a digit of it and the signed digest no longer matches.
    const token = Buffer.from(r.token);
    const at = token.indexOf(Buffer.from(r.genTime.slice(0, 4)));
    token[at + 3] ^= 0x01;
    const bad = verifyTimestampToken(token, digest, null, 't');
    expect(
      bad
        .filter((c) => !c.ok)
        .map((c) => c.line)
        .join('\n'),
    ).toMatch(/messageDigest|signature|readable/);
    const stranger = await startTestTsa();
    try {
      const foreign = verifyTimestampToken(r.token, digest, readPemCertificates(readFileSync(stranger.caFile, 'utf8')), 't');
      expect(foreign.find((c) => !c.ok)?.line).toMatch(/no path/);
    } finally {
      await stranger.close();
    }
  }, 60_000);
});
