/** Contract: evidence is append-only; the one deletion is retention of old dismissed findings' captures. */
import { describe, expect, it } from 'vitest';
import { evidence, finding, t, type StoreContext } from './fixtures.ts';

export function evidenceContract(ctx: StoreContext): void {
  describe('evidence: append-only', () => {
    it('a later sighting adds a capture; the first stays byte-identical', async () => {
      const url = 'https://copy.example/1';
      const first = await ctx.store.evidence.add(evidence(url));
      const { finding: f } = await ctx.store.findings.upsert(finding('1', url, { evidenceId: first }), t(0), 'scan');
      const before = { row: await ctx.store.evidence.get(first), body: await ctx.store.evidence.body(first) };
      const later = await ctx.store.evidence.add({ ...evidence(url, Buffer.from('<html><body>changed page</body></html>')), capturedAt: t(10) });
      await ctx.store.findings.upsert(finding('1', url, { evidenceId: later }), t(10), 'scan');
      await ctx.store.findings.setStatus(f.id, 'confirmed', { actor: 'test', at: t(11), evidenceId: later });
      expect(later).not.toBe(first);
      expect((await ctx.store.findings.get(f.id))?.evidenceId).toBe(later);
      expect(await ctx.store.evidence.get(first)).toEqual(before.row);
      const body = await ctx.store.evidence.body(first);
      expect(body && before.body && Buffer.compare(body, before.body)).toBe(0);
      expect((await ctx.store.evidence.get(later))?.capturedAt).toBe(t(10));
    });
  });

  describe('evidence: screenshots', () => {
    it("keeps a capture's screenshot (PNG, digest, size, time, note) and a missing one's reason", async () => {
      const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 255]);
      const shot = { sha256: 'ab'.repeat(32), size: png.length, takenAt: t(1), note: 'refused: http://x.example/a.js (another origin)' };
      const withShot = await ctx.store.evidence.add({ ...evidence('https://copy.example/s1'), screenshot: shot, screenshotPng: png });
      const missing = { sha256: null, size: null, takenAt: null, note: 'missing: no Chromium at /usr/bin/chromium' };
      const without = await ctx.store.evidence.add({ ...evidence('https://copy.example/s2'), screenshot: missing });
      const none = await ctx.store.evidence.add(evidence('https://copy.example/s3'));
      expect((await ctx.store.evidence.get(withShot))?.screenshot).toEqual(shot);
      expect(Buffer.compare((await ctx.store.evidence.screenshot(withShot)) ?? Buffer.alloc(0), png)).toBe(0);
      expect((await ctx.store.evidence.get(without))?.screenshot).toEqual(missing);
      expect(await ctx.store.evidence.screenshot(without)).toBeNull();
      expect((await ctx.store.evidence.get(none))?.screenshot).toBeNull();
      expect(await ctx.store.evidence.screenshot(none)).toBeNull();
    });
  });

  describe('evidence: the WARC written at fetch time', () => {
    it('keeps it byte for byte with the capture, null for a capture without one; prune deletes it with the capture', async () => {
      const warc = Buffer.concat([Buffer.from('WARC/1.1\r\nWARC-Type: response\r\n\r\n'), Buffer.from([0, 1, 2, 255, 0x1f, 0x8b]), Buffer.alloc(5000, 'x')]);
      const withWarc = await ctx.store.evidence.add({ ...evidence('https://copy.example/w1'), fetchWarc: warc });
      const without = await ctx.store.evidence.add(evidence('https://copy.example/w2'));
      expect(Buffer.compare((await ctx.store.evidence.fetchWarc(withWarc)) ?? Buffer.alloc(0), warc)).toBe(0);
      expect(await ctx.store.evidence.fetchWarc(without)).toBeNull();
      expect(await ctx.store.evidence.fetchWarc(999_999)).toBeNull();

      const { finding: f } = await ctx.store.findings.upsert(finding('8', 'https://copy.example/w1', { evidenceId: withWarc }), t(0), 'scan');
      await ctx.store.findings.setStatus(f.id, 'dismissed', { actor: 'test', at: t(1) });
      await ctx.store.evidence.pruneDismissed(t(50));
      expect(await ctx.store.evidence.get(withWarc)).toBeNull();
      expect(await ctx.store.evidence.fetchWarc(withWarc)).toBeNull();
    });
  });

  describe('evidence: timestamps queued at capture', () => {
    it('queues stamps once, lists the due ones, keeps a granted token for good, backs off a failed one; prune deletes them', async () => {
      const s = ctx.store.evidence;
      const e = await s.add(evidence('https://copy.example/t1'));
      const tsaUrl = 'http://tsa.example/tsr';
      await s.queueStamps(
        [
          { evidenceId: e, what: 'body', sha256: 'aa'.repeat(32), tsaUrl },
          { evidenceId: e, what: 'screenshot', sha256: 'bb'.repeat(32), tsaUrl },
        ],
        t(0),
      );
      await s.queueStamps([{ evidenceId: e, what: 'body', sha256: 'cc'.repeat(32), tsaUrl }], t(1));
      expect(await s.pendingStamps()).toBe(2);
      expect((await s.dueStamps(t(0), 10)).map((x) => [x.what, x.sha256])).toEqual([
        ['body', 'aa'.repeat(32)],
        ['screenshot', 'bb'.repeat(32)],
      ]);
      await s.stampFailed(e, 'screenshot', 'the TSA at … cannot be reached: ECONNREFUSED', t(5));
      expect((await s.dueStamps(t(1), 10)).map((x) => x.what)).toEqual(['body']);
      expect((await s.dueStamps(t(5), 10)).map((x) => [x.what, x.attempts, x.lastError])).toEqual([
        ['body', 0, null],
        ['screenshot', 1, 'the TSA at … cannot be reached: ECONNREFUSED'],
      ]);
      const token = Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01]);
      await s.stampGranted(e, 'body', token, t(2), t(2));
      await s.stampGranted(e, 'body', Buffer.from([9]), t(3), t(3));
      const body = (await s.stampsOf(e)).find((x) => x.what === 'body');
      expect(body).toMatchObject({ status: 'stamped', genTime: t(2), stampedAt: t(2), sha256: 'aa'.repeat(32) });
      expect(Buffer.compare(body?.token ?? Buffer.alloc(0), token)).toBe(0);
      expect(await s.pendingStamps()).toBe(1);

      const { finding: f } = await ctx.store.findings.upsert(finding('9', 'https://copy.example/t1', { evidenceId: e }), t(0), 'scan');
      await ctx.store.findings.setStatus(f.id, 'dismissed', { actor: 'test', at: t(1) });
      await s.pruneDismissed(t(50));
      expect(await s.stampsOf(e)).toEqual([]);
      expect(await s.pendingStamps()).toBe(0);
    });
  });

  describe('evidence: retention of dismissed findings', () => {
    it('deletes the captures of findings dismissed before the cut-off, keeping shared and recent ones', async () => {
      const s = ctx.store;
      const e1 = await s.evidence.add(evidence('https://copy.example/1'));
      const { finding: f1 } = await s.findings.upsert(finding('1', 'https://copy.example/1', { evidenceId: e1 }), t(0), 'scan');
      await s.findings.setStatus(f1.id, 'dismissed', { actor: 'test', at: t(1) });
      // One capture two findings rest on: one dismissed, one still open.
      const shared = await s.evidence.add(evidence('https://copy.example/2'));
      const { finding: open } = await s.findings.upsert(finding('2', 'https://copy.example/2', { evidenceId: shared }), t(0), 'scan');
      const { finding: f3 } = await s.findings.upsert(finding('3', 'https://copy.example/2', { evidenceId: shared }), t(0), 'scan');
      await s.findings.setStatus(f3.id, 'dismissed', { actor: 'test', at: t(1) });
      // Dismissed after the cut-off.
      const e4 = await s.evidence.add(evidence('https://copy.example/4'));
      const { finding: f4 } = await s.findings.upsert(finding('4', 'https://copy.example/4', { evidenceId: e4 }), t(0), 'scan');
      await s.findings.setStatus(f4.id, 'dismissed', { actor: 'test', at: t(100) });
      const sha1 = (await s.evidence.get(e1))?.sha256;

      expect(await s.evidence.pruneDismissed(t(50))).toEqual([{ findingId: f1.id, evidence: [{ id: e1, sha256: sha1 }] }]);
      expect(await s.evidence.get(e1)).toBeNull();
      expect(await s.evidence.body(e1)).toBeNull();
      expect((await s.findings.get(f1.id))?.evidenceId).toBeNull();
      expect((await s.findings.events(f1.id)).every((e) => e.evidenceId === null)).toBe(true);
      expect(await s.evidence.get(shared)).not.toBeNull();
      expect((await s.findings.get(open.id))?.evidenceId).toBe(shared);
      expect(await s.evidence.get(e4)).not.toBeNull();
      expect(await s.evidence.pruneDismissed(t(50))).toEqual([]);
    });
  });
}
