/** Contract: articles (the corpus), fetch state, evidence, blobs. */
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { article, evidence, sha256, t, thrown, type StoreContext } from './fixtures.ts';

export function articleContract(ctx: StoreContext): void {
  describe('articles', () => {
    it('stores an article and gives it back whole, by id and by URL', async () => {
      const input = article(1, { chrome: new Uint32Array([]), fingerprints: new Uint32Array([0, 1, 0xffffffff, 0x12345678]) });
      const saved = await ctx.store.articles.upsert(input, t(0));
      expect(saved).toMatchObject({ created: true, changed: true });
      expect(typeof saved.id).toBe('string');
      const got = await ctx.store.articles.get(saved.id);
      expect(got).toEqual({ ...input, id: saved.id, firstSeen: t(0), lastSeen: t(0) });
      expect(got?.fingerprints).toBeInstanceOf(Uint32Array);
      expect(await ctx.store.articles.get('999999')).toBeNull();
      expect(await ctx.store.articles.get('not-an-id')).toBeNull();
    });

    it('updates by URL: unchanged text is not a change, lastSeen moves, firstSeen stays', async () => {
      const { id } = await ctx.store.articles.upsert(article(1), t(0));
      const again = await ctx.store.articles.upsert(article(1, { title: 'New title', bodySha256: sha256('other body, same text') }), t(60));
      expect(again).toEqual({ id, created: false, changed: false });
      const got = await ctx.store.articles.get(id);
      expect(got).toMatchObject({ title: 'New title', firstSeen: t(0), lastSeen: t(60) });
      const edited = await ctx.store.articles.upsert(article(1, { text: 'An edited text.', paragraphs: ['An edited text.'] }), t(120));
      expect(edited).toEqual({ id, created: false, changed: true });
      expect(await ctx.store.articles.get(id)).toMatchObject({ text: 'An edited text.', lastSeen: t(120) });
      expect(await ctx.store.articles.count()).toBe(1);
    });

    it('lists in pages with an opaque cursor, filtered by source, without texts', async () => {
      for (let n = 1; n <= 7; n++) await ctx.store.articles.upsert(article(n), t(n));
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await ctx.store.articles.list({ limit: 3, cursor });
        seen.push(...page.items.map((a) => a.url));
        expect(page.items[0]).not.toHaveProperty('text');
        expect(page.items[0]).not.toHaveProperty('fingerprints');
        cursor = page.nextCursor ?? undefined;
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7].map((n) => `https://paper.example/a/${n}`));
      const odd = await ctx.store.articles.list({ source: 'odd' });
      expect(odd.items.map((a) => a.url)).toEqual([1, 3, 5, 7].map((n) => `https://paper.example/a/${n}`));
      expect(odd.nextCursor).toBeNull();
      expect((await thrown(() => ctx.store.articles.list({ cursor: 'garbage' }))).code).toBe('INPUT_INVALID');
    });

    it('pages hold 50 articles by default', async () => {
      for (let n = 1; n <= 60; n++) await ctx.store.articles.upsert(article(n), t(n));
      const first = await ctx.store.articles.list();
      expect(first.items).toHaveLength(50);
      expect((await ctx.store.articles.list({ cursor: first.nextCursor ?? undefined })).items).toHaveLength(10);
      expect((await ctx.store.articles.list({ limit: 10_000 })).items).toHaveLength(60);
    });

    it('iterates every fingerprint in batches', async () => {
      const ids: string[] = [];
      for (let n = 1; n <= 5; n++) ids.push((await ctx.store.articles.upsert(article(n), t(n))).id);
      const batches = [];
      for await (const batch of ctx.store.articles.fingerprints(2)) batches.push(batch);
      expect(batches.map((b) => b.length)).toEqual([2, 2, 1]);
      const all = batches.flat();
      expect(all.map((f) => f.id)).toEqual(ids);
      expect(all[2]).toEqual({ id: ids[2], simhash: article(3).simhash, fingerprints: new Uint32Array([3, 4, 0x80000000]), units: 12, contentHash: 1003 });
      expect(await ctx.store.articles.count()).toBe(5);
    });
  });

  describe('fetch state', () => {
    it('keeps the last fetch of a URL, links included', async () => {
      const url = 'https://paper.example/a/1';
      expect(await ctx.store.fetchState.get(url)).toBeNull();
      const state = {
        url,
        etag: '"abc"',
        lastModified: 'Tue, 09 Jan 2024 08:00:00 GMT',
        sha256: sha256('x'),
        fetchedAt: t(0),
        status: 200,
        links: ['https://paper.example/a/2'],
      };
      await ctx.store.fetchState.put(state);
      expect(await ctx.store.fetchState.get(url)).toEqual(state);
      const next = { ...state, etag: null, status: 304, fetchedAt: t(60), links: null };
      await ctx.store.fetchState.put(next);
      expect(await ctx.store.fetchState.get(url)).toEqual(next);
    });
  });

  describe('evidence', () => {
    it('keeps the capture and restores the body byte for byte', async () => {
      const body = Buffer.concat([Buffer.from('<html>中国石化报 '.repeat(5000)), randomBytes(100_000)]);
      const input = evidence('https://copy.example/x', body);
      input.redirects = ['https://copy.example/old'];
      const id = await ctx.store.evidence.add(input);
      const { body: _body, ...fields } = input;
      expect(await ctx.store.evidence.get(id)).toEqual({ id, ...fields, warc: null, screenshot: null });
      const restored = await ctx.store.evidence.body(id);
      expect(restored?.equals(body)).toBe(true);
      expect(sha256(restored ?? Buffer.alloc(0))).toBe(input.sha256);
    });

    it('keeps the WARC record a capture was read from (file, offset past 2^32, record id)', async () => {
      const warc = { file: 'CC-MAIN-20240101-00042.warc.gz', offset: 5_000_000_123, recordId: '<urn:uuid:0b0e5a1c-4c1e-4f0e-9d4a-1f2e3d4c5b6a>' };
      const id = await ctx.store.evidence.add({ ...evidence('https://copy.example/archived'), remoteAddress: null, warc });
      expect(await ctx.store.evidence.get(id)).toMatchObject({ finalUrl: 'https://copy.example/archived', remoteAddress: null, warc });
    });

    it('keeps evidence of absence without a body', async () => {
      const id = await ctx.store.evidence.add(evidence('https://copy.example/gone', null));
      expect(await ctx.store.evidence.get(id)).toMatchObject({ status: 404, note: 'HTTP 404', size: 0 });
      expect(await ctx.store.evidence.body(id)).toBeNull();
      expect(await ctx.store.evidence.get(id + 1000)).toBeNull();
      expect(await ctx.store.evidence.body(id + 1000)).toBeNull();
    });
  });

  describe('blobs', () => {
    it('puts, replaces and gets blobs by key', async () => {
      expect(await ctx.store.getBlob('corpus-index')).toBeNull();
      const big = randomBytes(3 * 1024 * 1024);
      await ctx.store.putBlob('corpus-index', big);
      expect((await ctx.store.getBlob('corpus-index'))?.equals(big)).toBe(true);
      await ctx.store.putBlob('corpus-index', Buffer.from('small'));
      expect((await ctx.store.getBlob('corpus-index'))?.toString()).toBe('small');
      await ctx.store.putBlob('empty', Buffer.alloc(0));
      expect((await ctx.store.getBlob('empty'))?.length).toBe(0);
    });
  });
}
