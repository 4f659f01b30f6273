/** Contract: the publisher's photos (each article's images with their hashes) and the kind of a finding. */
import { describe, expect, it } from 'vitest';
import type { ImageMatchFacts } from '../../../src/domain/index.ts';
import type { ProtectedImageInput } from '../../../src/store/ports.ts';
import { evidence, finding, sha256, t, type StoreContext } from './fixtures.ts';

function image(n: number, over: Partial<ProtectedImageInput> = {}): ProtectedImageInput {
  return {
    url: `https://epaper.example/images/${n}.jpg`,
    sha256: sha256(`image ${n}`),
    width: 1200 + n,
    height: 800,
    hashes: ['ffffffff00000000', '0123456789abcdef', `${n.toString(16).padStart(16, '0')}`],
    // A 32×32 grey thumbnail on odd images; even ones have none (hashed before thumbnails were kept).
    thumb: n % 2 ? Uint8Array.from({ length: 1024 }, (_, i) => (i * 7 + n) % 256) : null,
    alt: n % 2 ? `图 ${n}：新华社记者 摄` : null,
    etag: n % 2 ? `"e${n}"` : null,
    lastModified: n % 2 ? null : 'Mon, 09 Jan 2023 06:00:00 GMT',
    fetchedAt: t(n),
    ...over,
  };
}

const IMAGE_FACTS: ImageMatchFacts = {
  original: { url: 'https://epaper.example/images/1.jpg', sha256: sha256('image 1'), width: 1201, height: 800 },
  copy: { url: 'https://copy.example/up/x.jpg', sha256: sha256('copy'), width: 800, height: 500 },
  distance: 6,
  region: { x: 0.15, y: 0, w: 0.7, h: 0.7 },
  transforms: ['cropped', 'resized'],
  credited: false,
};

export function imageContract(ctx: StoreContext): void {
  describe('images', () => {
    it("keeps an article's images with their hashes, validators and nearby text, and gives them back whole", async () => {
      expect(await ctx.store.images.count()).toBe(0);
      expect(await ctx.store.images.latestId()).toBe(0);
      await ctx.store.images.replace('7', [image(1), image(2)]);
      await ctx.store.images.replace('8', [image(3)]);
      expect(await ctx.store.images.count()).toBe(3);
      const all: Array<Awaited<ReturnType<typeof ctx.store.images.get>>> = [];
      for await (const batch of ctx.store.images.all(2)) all.push(...batch);
      expect(all.map((i) => i && { ...i, id: 0 })).toEqual([
        { ...image(1), id: 0, articleId: '7' },
        { ...image(2), id: 0, articleId: '7' },
        { ...image(3), id: 0, articleId: '8' },
      ]);
      const first = all[0]!;
      expect(await ctx.store.images.latestId()).toBe(all[2]!.id);
      expect(await ctx.store.images.get(first.id)).toEqual(first);
      expect(await ctx.store.images.get(987654)).toBeNull();
      expect(await ctx.store.images.byUrl(image(3).url)).toEqual(all[2]);
      expect(await ctx.store.images.byUrl('https://nowhere.example/x.jpg')).toBeNull();
    });

    it("replaces an article's images: changed ones updated, gone ones dropped, other articles' kept", async () => {
      await ctx.store.images.replace('7', [image(1), image(2)]);
      await ctx.store.images.replace('8', [image(1)]);
      await ctx.store.images.replace('7', [image(2, { sha256: sha256('changed'), hashes: ['00000000000000ff'] })]);
      const all = [];
      for await (const batch of ctx.store.images.all()) all.push(...batch);
      expect(all.map((i) => [i.articleId, i.url, i.sha256, i.hashes]).sort()).toEqual(
        [
          ['7', image(2).url, sha256('changed'), ['00000000000000ff']],
          ['8', image(1).url, image(1).sha256, image(1).hashes],
        ].sort(),
      );
      await ctx.store.images.replace('7', []);
      expect(await ctx.store.images.count()).toBe(1);
    });

    it('gives a revision that changes when an image is added, dropped or rehashed, and not when only its validators do', async () => {
      expect(await ctx.store.images.revision()).toBe('');
      await ctx.store.images.replace('7', [image(1), image(2)]);
      const r1 = await ctx.store.images.revision();
      expect(r1).not.toBe('');
      await ctx.store.images.replace('7', [image(1, { etag: '"new"', fetchedAt: t(9) }), image(2)]);
      expect(await ctx.store.images.revision()).toBe(r1);
      await ctx.store.images.replace('7', [image(1), image(2, { hashes: ['00000000000000ff'] })]);
      const r2 = await ctx.store.images.revision();
      expect(r2).not.toBe(r1);
      await ctx.store.images.replace('7', [image(1)]);
      const r3 = await ctx.store.images.revision();
      expect([r1, r2]).not.toContain(r3);
      await ctx.store.images.replace('8', [image(3)]);
      const r4 = await ctx.store.images.revision();
      expect([r1, r2, r3]).not.toContain(r4);
      await ctx.store.images.replace('9', []);
      expect(await ctx.store.images.revision()).toBe(r4);
    });

    it('records the kind of a finding from its facts, keeps the photo evidence, and filters by kind', async () => {
      const text = await ctx.store.findings.upsert(finding('1', 'https://a.example/1'), t(0), 'scan');
      const base = finding('2', 'https://a.example/2');
      const photo = await ctx.store.findings.upsert({ ...base, verdict: 'none', facts: { ...base.facts, verdict: 'none', image: IMAGE_FACTS } }, t(1), 'scan');
      const b2 = finding('3', 'https://a.example/3');
      const both = await ctx.store.findings.upsert({ ...b2, facts: { ...b2.facts, image: IMAGE_FACTS } }, t(2), 'scan');
      expect([text.finding.kind, photo.finding.kind, both.finding.kind]).toEqual(['text', 'image', 'text+image']);
      expect((await ctx.store.findings.get(photo.finding.id))?.facts.image).toEqual(IMAGE_FACTS);
      const ids = async (kind?: 'text' | 'image' | 'text+image') => (await ctx.store.findings.list({ kind })).items.map((f) => f.id).sort();
      expect(await ids('image')).toEqual([photo.finding.id, both.finding.id].sort());
      expect(await ids('text')).toEqual([text.finding.id, both.finding.id].sort());
      expect(await ids('text+image')).toEqual([both.finding.id]);
      expect(await ctx.store.findings.count({ kind: 'image' })).toBe(2);
      await expect(ctx.store.findings.list({ kind: 'photo' as never })).rejects.toThrow(/expected a finding kind \(text, image, text\+image\), got "photo"/);
    });

    it('keeps the images of an image finding as evidence: bytes once per SHA-256, the latest of each role, deleted with their capture', async () => {
      const s = ctx.store;
      const orig = Buffer.from('original bytes');
      const copy = Buffer.from('copy bytes');
      const e1 = await s.evidence.add(evidence('https://copy.example/p1'));
      const { finding: f } = await s.findings.upsert(finding('1', 'https://copy.example/p1', { evidenceId: e1 }), t(0), 'scan');
      const e2 = await s.evidence.add(evidence('https://copy.example/p2'));
      const { finding: g } = await s.findings.upsert(finding('2', 'https://copy.example/p2', { evidenceId: e2 }), t(0), 'scan');
      const row = (findingId: number, evidenceId: number, role: 'original' | 'copy', bytes: Buffer) => ({
        findingId,
        evidenceId,
        role,
        url: `https://x.example/${role}.jpg`,
        sha256: sha256(bytes),
        format: 'jpeg',
        bytes,
      });
      expect(await s.imageEvidence.ofFinding(f.id)).toEqual([]);
      await s.imageEvidence.add([row(f.id, e1, 'copy', copy), row(f.id, e1, 'original', orig)], t(1));
      await s.imageEvidence.add([row(g.id, e2, 'original', orig)], t(2));
      // Append-only: the same row again changes nothing.
      await s.imageEvidence.add([row(f.id, e1, 'copy', Buffer.from('other'))], t(3));
      expect(await s.imageEvidence.ofFinding(f.id)).toEqual([
        {
          findingId: f.id,
          evidenceId: e1,
          role: 'original',
          url: 'https://x.example/original.jpg',
          sha256: sha256(orig),
          format: 'jpeg',
          size: orig.length,
          storedAt: t(1),
        },
        {
          findingId: f.id,
          evidenceId: e1,
          role: 'copy',
          url: 'https://x.example/copy.jpg',
          sha256: sha256(copy),
          format: 'jpeg',
          size: copy.length,
          storedAt: t(1),
        },
      ]);
      expect(await s.imageEvidence.bytes(sha256(copy))).toEqual(copy);
      // A later capture's images are the finding's now.
      const e3 = await s.evidence.add(evidence('https://copy.example/p1'));
      await s.findings.upsert(finding('1', 'https://copy.example/p1', { evidenceId: e3 }), t(4), 'scan');
      const copy2 = Buffer.from('copy bytes, later');
      await s.imageEvidence.add([row(f.id, e3, 'copy', copy2)], t(4));
      expect((await s.imageEvidence.ofFinding(f.id)).map((i) => [i.role, i.evidenceId, i.sha256])).toEqual([
        ['original', e1, sha256(orig)],
        ['copy', e3, sha256(copy2)],
      ]);
      // Retention: the dismissed finding's captures go with their images; bytes another finding names stay.
      await s.findings.setStatus(f.id, 'dismissed', { actor: 'test', at: t(5) });
      await s.evidence.pruneDismissed(t(50));
      expect(await s.imageEvidence.ofFinding(f.id)).toEqual([]);
      expect(await s.imageEvidence.bytes(sha256(copy))).toBeNull();
      expect(await s.imageEvidence.bytes(sha256(orig))).toEqual(orig);
      expect((await s.imageEvidence.ofFinding(g.id)).map((i) => i.role)).toEqual(['original']);
    });
  });
}
