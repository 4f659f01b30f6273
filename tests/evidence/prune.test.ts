/** Evidence retention on SQLite: `evidence prune` refuses without the setting; with it, each deletion is audited. */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoadedConfig } from '../../src/config/index.ts';
import { pruneDismissedEvidence } from '../../src/scan/index.ts';
import { openSqliteStore } from '../../src/store/index.ts';
import { evidence, finding } from '../store/contract/fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'copywatch-prune-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const config = (retainDismissedDays?: number) => ({ evidence: { retainDismissedDays } }) as unknown as LoadedConfig;

describe('evidence prune', () => {
  it('refuses in one line without evidence.retainDismissedDays, deleting nothing', async () => {
    const store = await openSqliteStore({ path: join(dir, 'a.db') });
    try {
      const id = await store.evidence.add(evidence('https://copy.example/1'));
      const error = await pruneDismissedEvidence(store, config(), 'cli (test)', new Date()).catch((e: Error) => e);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(/evidence\.retainDismissedDays is not set/);
      expect((error as Error).message).not.toContain('\n');
      expect(await store.evidence.get(id)).not.toBeNull();
    } finally {
      await store.close();
    }
  });

  it('deletes the evidence of findings dismissed more than N days ago and records each in the audit trail', async () => {
    const store = await openSqliteStore({ path: join(dir, 'b.db') });
    try {
      const old = await store.evidence.add(evidence('https://copy.example/1'));
      const { finding: f } = await store.findings.upsert(finding('1', 'https://copy.example/1', { evidenceId: old }), '2024-01-01T00:00:00.000Z', 'scan');
      await store.findings.setStatus(f.id, 'dismissed', { actor: 'analyst', at: '2024-01-02T00:00:00.000Z' });
      const recent = await store.evidence.add(evidence('https://copy.example/2'));
      const { finding: g } = await store.findings.upsert(finding('2', 'https://copy.example/2', { evidenceId: recent }), '2024-03-01T00:00:00.000Z', 'scan');
      await store.findings.setStatus(g.id, 'dismissed', { actor: 'analyst', at: '2024-03-25T00:00:00.000Z' });
      const sha = (await store.evidence.get(old))?.sha256;

      const result = await pruneDismissedEvidence(store, config(30), 'cli (test)', new Date('2024-04-01T00:00:00.000Z'));
      expect(result.before).toBe('2024-03-02T00:00:00.000Z');
      expect(result.pruned).toEqual([{ findingId: f.id, evidence: [{ id: old, sha256: sha }] }]);
      expect(await store.evidence.get(old)).toBeNull();
      expect(await store.evidence.get(recent)).not.toBeNull();
      const trail = await store.accounts.auditTrail();
      expect(trail).toHaveLength(1);
      expect(trail[0]).toMatchObject({
        actor: 'cli (test)',
        action: 'evidence.prune',
        subject: `finding ${f.id}`,
        detail: { retainDismissedDays: 30, evidence: [{ id: old, sha256: sha }] },
      });
    } finally {
      await store.close();
    }
  });
});
