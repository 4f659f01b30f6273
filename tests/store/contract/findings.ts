/** Contract: one finding per article and URL, its status machine, its audit trail. */
import { describe, expect, it } from 'vitest';
import { FINDING_STATUSES, MANUAL_TRANSITIONS, type FindingStatus } from '../../../src/domain/index.ts';
import type { Store } from '../../../src/store/index.ts';
import { evidence, finding, t, thrown, violation, type StoreContext } from './fixtures.ts';

const PATHS: Record<FindingStatus, FindingStatus[]> = {
  open: [],
  confirmed: ['confirmed'],
  dismissed: ['dismissed'],
  'notice-sent': ['confirmed', 'notice-sent'],
  resolved: ['resolved'],
};

/** A new finding (article 1 on `url`) brought to `status`. */
async function findingIn(store: Store, status: FindingStatus, url = 'https://copy.example/1'): Promise<number> {
  const { finding: f } = await store.findings.upsert(finding('1', url), t(0), 'scan');
  for (const to of PATHS[status]) await store.findings.setStatus(f.id, to, { actor: 'test', at: t(1), system: true });
  return f.id;
}

export function findingContract(ctx: StoreContext): void {
  describe('findings: one per article and URL', () => {
    it('creates an open finding with an event from the actor', async () => {
      const evidenceId = await ctx.store.evidence.add(evidence('https://copy.example/1'));
      const input = finding('1', 'https://copy.example/1', { evidenceId });
      const { finding: f, created, reopened } = await ctx.store.findings.upsert(input, t(0), 'scan');
      expect({ created, reopened }).toEqual({ created: true, reopened: false });
      const { evidenceId: _e, ...fields } = input;
      expect(f).toEqual({ ...fields, id: f.id, kind: 'text', evidenceId, status: 'open', firstSeen: t(0), lastSeen: t(0) });
      expect(await ctx.store.findings.get(f.id)).toEqual(f);
      expect(await ctx.store.findings.events(f.id)).toEqual([{ findingId: f.id, at: t(0), actor: 'scan', from: null, to: 'open', note: null, evidenceId }]);
      expect(await ctx.store.findings.get(f.id + 1000)).toBeNull();
    });

    it('keeps how a copy was found (facts.discoveredBy) when a later sighting does not say', async () => {
      const url = 'https://found.example/1';
      const plain = finding('1', url);
      const discoveredBy = { provider: 'searxng', query: '"一句很特别的话"', at: t(0) };
      const first = (await ctx.store.findings.upsert({ ...plain, facts: { ...plain.facts, discoveredBy } }, t(0), 'discover')).finding;
      expect(first.facts.discoveredBy).toEqual(discoveredBy);
      const again = (await ctx.store.findings.upsert({ ...plain, containment: 0.5 }, t(10), 'scan')).finding;
      expect(again).toMatchObject({ id: first.id, containment: 0.5 });
      expect(again.facts.discoveredBy).toEqual(discoveredBy);
      const later = { provider: 'brave', query: '"另一句"', at: t(20) };
      expect(
        (await ctx.store.findings.upsert({ ...plain, facts: { ...plain.facts, discoveredBy: later } }, t(20), 'discover')).finding.facts.discoveredBy,
      ).toEqual(later);
    });

    it('updates the same finding on every sighting; another article on the URL is another finding', async () => {
      const first = (await ctx.store.findings.upsert(finding('1', 'https://copy.example/1'), t(0), 'scan')).finding;
      const evidenceId = await ctx.store.evidence.add(evidence('https://copy.example/1'));
      const again = await ctx.store.findings.upsert(
        finding('1', 'https://copy.example/1', {
          verdict: 'partial',
          containment: 0.4,
          evidenceId,
          violations: [violation('uncredited-excerpt', 'medium')],
        }),
        t(60),
        'scan',
      );
      expect(again.created).toBe(false);
      expect(again.finding).toMatchObject({
        id: first.id,
        verdict: 'partial',
        containment: 0.4,
        severity: 'medium',
        evidenceId,
        firstSeen: t(0),
        lastSeen: t(60),
        status: 'open',
      });
      expect(again.finding.violations.map((v) => v.ruleId)).toEqual(['uncredited-excerpt']);
      expect(await ctx.store.findings.events(first.id)).toHaveLength(1);
      const other = await ctx.store.findings.upsert(finding('2', 'https://copy.example/1'), t(60), 'scan');
      expect(other.created).toBe(true);
      expect(other.finding.id).not.toBe(first.id);
      expect(await ctx.store.findings.count()).toBe(2);
      expect(await ctx.store.findings.count({ rule: 'no-reproduction', articleId: '1' })).toBe(0);
    });

    it('touch: a page seen again unchanged moves lastSeen of its active findings only', async () => {
      const url = 'https://copy.example/t';
      const active = await findingIn(ctx.store, 'confirmed', url);
      const other = (await ctx.store.findings.upsert(finding('2', url), t(0), 'scan')).finding.id;
      await ctx.store.findings.setStatus(other, 'dismissed', { actor: 'test', at: t(1) });
      const elsewhere = await findingIn(ctx.store, 'open', 'https://copy.example/elsewhere');
      expect(await ctx.store.findings.touch(url, t(100))).toBe(1);
      expect(await ctx.store.findings.get(active)).toMatchObject({ lastSeen: t(100), status: 'confirmed' });
      expect(await ctx.store.findings.get(other)).toMatchObject({ lastSeen: t(0), status: 'dismissed' });
      expect(await ctx.store.findings.get(elsewhere)).toMatchObject({ lastSeen: t(0) });
      expect(await ctx.store.findings.touch(url, t(50))).toBe(0); // never moves back
      expect(await ctx.store.findings.events(active)).toHaveLength(2); // no event: nothing changed but the time
    });

    it('version: moves with every write that changes a finding, and only then', async () => {
      const url = 'https://copy.example/v';
      const v0 = await ctx.store.findings.version();
      const id = await findingIn(ctx.store, 'open', url);
      const v1 = await ctx.store.findings.version();
      expect(v1).not.toBe(v0);
      // Nothing changes: a page without findings seen again, a touch that cannot move lastSeen back.
      expect(await ctx.store.findings.touch('https://copy.example/none', t(100))).toBe(0);
      expect(await ctx.store.findings.touch(url, t(-50))).toBe(0);
      expect(await ctx.store.findings.version()).toBe(v1);
      await ctx.store.findings.touch(url, t(100));
      const v2 = await ctx.store.findings.version();
      expect(v2).not.toBe(v1);
      await ctx.store.findings.setStatus(id, 'confirmed', { actor: 'test', at: t(101) });
      expect(await ctx.store.findings.version()).not.toBe(v2);
    });

    it('reopens a resolved finding seen again, with an event', async () => {
      const id = await findingIn(ctx.store, 'resolved');
      const seen = await ctx.store.findings.upsert(finding('1', 'https://copy.example/1'), t(90), 'scan');
      expect(seen).toMatchObject({ created: false, reopened: true, finding: { id, status: 'open', lastSeen: t(90) } });
      const events = await ctx.store.findings.events(id);
      expect(events.map((e) => [e.from, e.to, e.actor])).toEqual([
        [null, 'open', 'scan'],
        ['open', 'resolved', 'test'],
        ['resolved', 'open', 'scan'],
      ]);
      expect(events[2]).toMatchObject({ at: t(90) });
    });

    it('keeps dismissed, confirmed and notice-sent findings as they are, lastSeen moving', async () => {
      for (const status of ['dismissed', 'confirmed', 'notice-sent'] as const) {
        const url = `https://copy.example/${status}`;
        const id = await findingIn(ctx.store, status, url);
        const before = await ctx.store.findings.events(id);
        const seen = await ctx.store.findings.upsert(finding('1', url), t(90), 'scan');
        expect(seen).toMatchObject({ created: false, reopened: false, finding: { status, lastSeen: t(90) } });
        expect(await ctx.store.findings.events(id)).toEqual(before);
      }
    });
  });

  describe('findings: a host that stops resolving', () => {
    it('keeps the first failed lookup of a run of them, until the host is reached again', async () => {
      const id = await findingIn(ctx.store, 'open');
      expect(await ctx.store.findings.markUnresolved(id, t(1))).toBe(t(1));
      expect(await ctx.store.findings.markUnresolved(id, t(2))).toBe(t(1));
      await ctx.store.findings.resolvedAgain(id);
      expect(await ctx.store.findings.markUnresolved(id, t(3))).toBe(t(3));
      expect((await thrown(() => ctx.store.findings.markUnresolved(id + 1000, t(4))))?.code).toBe('NOT_FOUND');
    });
  });

  describe('findings: status changes', () => {
    it('allows every manual transition and records who, when, why and with what evidence', async () => {
      for (const from of FINDING_STATUSES) {
        for (const to of MANUAL_TRANSITIONS[from]) {
          const id = await findingIn(ctx.store, from, `https://copy.example/${from}-${to}`);
          const evidenceId = await ctx.store.evidence.add(evidence(`https://copy.example/${from}-${to}`));
          const changed = await ctx.store.findings.setStatus(id, to, { actor: 'alice', note: `${from} to ${to}`, at: t(5), evidenceId });
          expect(changed).toMatchObject({ id, status: to, evidenceId });
          expect((await ctx.store.findings.events(id)).at(-1)).toEqual({
            findingId: id,
            at: t(5),
            actor: 'alice',
            from,
            to,
            note: `${from} to ${to}`,
            evidenceId,
          });
        }
      }
    });

    it('refuses a manual change outside the allowed transitions, naming what is allowed', async () => {
      const id = await findingIn(ctx.store, 'resolved');
      const before = await ctx.store.findings.events(id);
      const error = await thrown(() => ctx.store.findings.setStatus(id, 'notice-sent', { actor: 'alice', at: t(5) }));
      expect(error.code).toBe('FINDING_TRANSITION');
      expect(error.message).toBe(`cannot change finding ${id} from resolved to notice-sent; allowed: open`);
      expect(await ctx.store.findings.get(id)).toMatchObject({ status: 'resolved' });
      expect(await ctx.store.findings.events(id)).toEqual(before);
      const open = await findingIn(ctx.store, 'open', 'https://copy.example/2');
      const manual = await thrown(() => ctx.store.findings.setStatus(open, 'resolved', { actor: 'alice', at: t(5) }));
      expect(manual.message).toBe(`cannot change finding ${open} from open to resolved; allowed: confirmed, dismissed`);
      const same = await thrown(() => ctx.store.findings.setStatus(open, 'open', { actor: 'alice', at: t(5) }));
      expect(same.code).toBe('FINDING_TRANSITION');
    });

    it('lets the system resolve any finding and reopen a resolved one', async () => {
      const id = await findingIn(ctx.store, 'open');
      const gone = await ctx.store.evidence.add(evidence('https://copy.example/1', null));
      const resolved = await ctx.store.findings.setStatus(id, 'resolved', {
        actor: 'recheck',
        note: 'gone: HTTP 404',
        at: t(10),
        evidenceId: gone,
        system: true,
      });
      expect(resolved).toMatchObject({ status: 'resolved', evidenceId: gone });
      const reopened = await ctx.store.findings.setStatus(id, 'open', { actor: 'recheck', at: t(20), system: true });
      expect(reopened.status).toBe('open');
      const dismissed = await findingIn(ctx.store, 'dismissed', 'https://copy.example/2');
      expect((await ctx.store.findings.setStatus(dismissed, 'resolved', { actor: 'recheck', at: t(5), system: true })).status).toBe('resolved');
    });

    it('refuses an unknown finding with NOT_FOUND', async () => {
      const error = await thrown(() => ctx.store.findings.setStatus(4242, 'confirmed', { actor: 'alice', at: t(5) }));
      expect(error.code).toBe('NOT_FOUND');
      expect(error.message).toContain('4242');
      expect(await ctx.store.findings.events(4242)).toEqual([]);
    });
  });
}
