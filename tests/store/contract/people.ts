/** Contract: accounts, sessions, personal tokens, the audit trail, and the alerts' queue, alike on every store. */
import { describe, expect, it } from 'vitest';
import { article, finding, t, type StoreContext } from './fixtures.ts';

export function peopleContract(ctx: StoreContext): void {
  describe('people', () => {
    it('keeps accounts unique by name (any case), changes them, and ends sessions on a new password or when disabled', async () => {
      const { accounts } = ctx.store;
      const anna = await accounts.addUser({ username: 'Anna', role: 'analyst', passwordHash: 'scrypt$x', at: t(0) });
      await expect(accounts.addUser({ username: 'anna', role: 'viewer', passwordHash: 'scrypt$y', at: t(1) })).rejects.toMatchObject({ code: 'INPUT_INVALID' });
      expect((await accounts.findUser('ANNA'))!).toEqual({ user: anna, passwordHash: 'scrypt$x' });
      await accounts.addSession('h1', { userId: anna.id, csrf: 'c1', createdAt: t(1), expiresAt: t(60) });
      await accounts.addSession('h2', { userId: anna.id, csrf: 'c2', createdAt: t(1), expiresAt: t(60) });
      expect(await accounts.getSession('h1')).toEqual({ session: { userId: anna.id, csrf: 'c1', createdAt: t(1), expiresAt: t(60) }, user: anna });
      await accounts.removeSession('h1');
      expect(await accounts.getSession('h1')).toBeNull();
      const admin = await accounts.updateUser(anna.id, { role: 'admin', at: t(2) });
      expect(admin).toMatchObject({ role: 'admin', updatedAt: t(2) });
      expect(await accounts.getSession('h2')).not.toBeNull();
      await accounts.updateUser(anna.id, { passwordHash: 'scrypt$z', at: t(3) });
      expect(await accounts.getSession('h2')).toBeNull();
      const disabled = await accounts.updateUser(anna.id, { disabled: true, at: t(4) });
      expect(disabled.disabledAt).toBe(t(4));
      await expect(accounts.updateUser(9999, { disabled: true, at: t(4) })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect((await accounts.listUsers()).map((u) => u.username)).toEqual(['Anna']);
    });

    it('finds tokens by hash, revokes them once, and keeps the audit trail newest first in pages', async () => {
      const { accounts } = ctx.store;
      const u = await accounts.addUser({ username: 'bo', role: 'viewer', passwordHash: 'h', at: t(0) });
      const token = await accounts.addToken({ userId: u.id, name: 'ci', tokenHash: 'abc', prefix: 'cwt_ab', at: t(0), expiresAt: t(100) });
      expect(await accounts.findToken('abc')).toEqual({ token, user: u });
      expect(await accounts.findToken('nope')).toBeNull();
      const revoked = await accounts.revokeToken(token.id, t(5));
      expect((await accounts.revokeToken(token.id, t(9))).revokedAt).toBe(revoked.revokedAt);
      expect(revoked.revokedAt).toBe(t(5));
      await accounts.touchToken(token.id, t(6));
      expect((await accounts.getToken(token.id))!.lastUsedAt).toBe(t(6));
      expect(await accounts.listTokens(u.id)).toHaveLength(1);
      for (let i = 0; i < 5; i++) await accounts.audit({ at: t(i), actor: 'bo', userId: u.id, action: `a${i}`, subject: null, detail: i ? { i } : null });
      const first = await accounts.auditTrail({ limit: 3 });
      expect(first.map((e) => e.action)).toEqual(['a4', 'a3', 'a2']);
      expect(first[0].detail).toEqual({ i: 4 });
      expect((await accounts.auditTrail({ before: first[2].id })).map((e) => e.action)).toEqual(['a1', 'a0']);
    });

    it('queues an alert once per channel and event, moves the cursor with it, and keeps failed ones due later', async () => {
      const { store } = ctx;
      const { id: articleId } = await store.articles.upsert(article(1), t(0));
      await store.findings.upsert(finding(articleId, 'https://copy.example/1'), t(1), 'scan');
      const events = await store.alerts.newEvents(10);
      expect(events).toEqual([expect.objectContaining({ kind: 'new' })]);
      const input = {
        channel: 'hook',
        mode: 'immediate' as const,
        eventId: events[0].eventId,
        findingId: events[0].findingId,
        kind: 'new' as const,
        payload: { a: 1 },
        createdAt: t(2),
        nextAt: t(2),
      };
      await store.alerts.enqueue([input, input], events[0].eventId);
      expect(await store.alerts.newEvents(10)).toEqual([]);
      const [due] = await store.alerts.claim(t(2), t(7));
      // Held: not taken again before the lease ends.
      expect(await store.alerts.claim(t(3), t(8))).toEqual([]);
      expect(due).toMatchObject({ channel: 'hook', payload: { a: 1 }, status: 'pending', attempts: 0 });
      await store.alerts.attempted([due.id], 'hook', { ok: false, detail: 'HTTP 503', at: t(3), nextAt: t(10) });
      expect(await store.alerts.claim(t(9), t(12))).toEqual([]);
      await store.alerts.attempted([due.id], 'hook', { ok: true, detail: 'HTTP 204', at: t(10) });
      expect(await store.alerts.claim(t(99), t(100))).toEqual([]);
      expect((await store.alerts.list())[0]).toMatchObject({ status: 'delivered', attempts: 2, deliveredAt: t(10), lastError: null });
      expect((await store.alerts.deliveries()).map((d) => [d.ok, d.detail])).toEqual([
        [true, 'HTTP 204'],
        [false, 'HTTP 503'],
      ]);
    });

    it('trims delivered alerts and the delivery log older than a date, and keeps pending alerts whatever their age', async () => {
      const { store } = ctx;
      const { id: articleId } = await store.articles.upsert(article(1), t(0));
      await store.findings.upsert(finding(articleId, 'https://copy.example/1'), t(1), 'scan');
      await store.findings.upsert(finding(articleId, 'https://copy.example/2'), t(1), 'scan');
      const events = await store.alerts.newEvents(10);
      expect(events).toHaveLength(2);
      const input = (i: number) => ({
        channel: 'hook',
        mode: 'immediate' as const,
        eventId: events[i].eventId,
        findingId: events[i].findingId,
        kind: 'new' as const,
        payload: { i },
        createdAt: t(2),
        nextAt: t(2),
      });
      await store.alerts.enqueue([input(0), input(1)], events[1].eventId);
      const [old, stuck] = await store.alerts.claim(t(2), t(3));
      await store.alerts.attempted([old.id], 'hook', { ok: true, detail: 'HTTP 204', at: t(3) });
      await store.alerts.attempted([stuck.id], 'hook', { ok: false, detail: 'HTTP 503', at: t(3), nextAt: t(90) });
      await store.alerts.attempted([stuck.id], 'hook', { ok: false, detail: 'HTTP 502', at: t(20), nextAt: t(90) });
      expect(await store.alerts.prune(t(10))).toEqual({ alerts: 1, deliveries: 2 });
      expect((await store.alerts.list()).map((a) => [a.payload, a.status])).toEqual([[{ i: 1 }, 'pending']]);
      expect((await store.alerts.deliveries()).map((d) => d.detail)).toEqual(['HTTP 502']);
      expect(await store.alerts.prune(t(10))).toEqual({ alerts: 0, deliveries: 0 });
    });
  });
}
