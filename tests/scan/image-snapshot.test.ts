/**
 * The image index saved in the store (scan/image-snapshot.ts), on SQLite and PostgreSQL: loaded
 * when saved at the photos' current revision, rebuilt and saved again when the photos changed,
 * when a writer was midway, or when the saved bytes are in a format this version does not read.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ORIGINAL_REGIONS, simhashFromHex } from '../../src/fingerprint/index.ts';
import { loadImageIndex } from '../../src/scan/image-snapshot.ts';
import { openSqliteStore, type Store } from '../../src/store/index.ts';
import type { ProtectedImageInput } from '../../src/store/ports.ts';
import { usePostgres } from '../store/support/pg.ts';

/** Deterministic pseudo-random 64-bit hashes (hex). */
function hashes(seed: number, n: number): string[] {
  let x = seed * 2654435761;
  const next = () => ((x = (Math.imul(x ^ (x >>> 15), 2246822507) + 0x9e3779b9) >>> 0), x);
  return Array.from({ length: n }, () => next().toString(16).padStart(8, '0') + next().toString(16).padStart(8, '0'));
}

function image(n: number): ProtectedImageInput {
  return {
    url: `https://epaper.example/images/${n}.jpg`,
    sha256: n.toString(16).padStart(64, '0'),
    width: 960,
    height: 640,
    hashes: hashes(n, ORIGINAL_REGIONS.length),
    alt: null,
    etag: null,
    lastModified: null,
    fetchedAt: '2024-03-01T08:00:00.000Z',
  };
}

/** Which stored image each of the images' own whole-image hashes finds (the index answers as the images say). */
async function lookups(store: Store, index: Awaited<ReturnType<typeof loadImageIndex>>['index']): Promise<Array<[string, string | undefined]>> {
  const out: Array<[string, string | undefined]> = [];
  for await (const batch of store.images.all()) for (const i of batch) out.push([String(i.id), index.lookup([simhashFromHex(i.hashes[0])])[0]?.id]);
  return out;
}

function snapshotContract(name: string, open: () => Promise<Store>, reopen: () => Promise<Store>): void {
  describe(`the image index snapshot: ${name}`, () => {
    it('is saved by the first load, loaded by the next (another process too), rebuilt when the photos change', async () => {
      const store = await open();
      try {
        expect((await loadImageIndex(store)).index.size).toBe(0);
        expect(await store.getBlob('image-index')).toBeNull(); // nothing to save for no photo
        await store.images.replace('1', [image(1), image(2)]);
        await store.images.replace('2', [image(3)]);
        const first = await loadImageIndex(store);
        expect([first.from, first.index.size, first.note]).toEqual(['rebuilt', 3, null]);
        const again = await loadImageIndex(store);
        expect([again.from, again.index.size]).toEqual(['snapshot', 3]);
        expect(await lookups(store, again.index)).toEqual(await lookups(store, first.index));
        for (const [id, found] of await lookups(store, again.index)) expect(found).toBe(id);
        const other = await reopen();
        try {
          expect((await loadImageIndex(other)).from).toBe('snapshot');
        } finally {
          await other.close();
        }
        // A photo dropped: the snapshot is stale, the index rebuilt without it.
        await store.images.replace('1', [image(2)]);
        const dropped = await loadImageIndex(store);
        expect([dropped.from, dropped.index.size]).toEqual(['rebuilt', 2]);
        // A photo's hashes changed (same id): rebuilt, and the new hashes are found.
        await store.images.replace('2', [{ ...image(3), hashes: hashes(33, ORIGINAL_REGIONS.length) }]);
        const rehashed = await loadImageIndex(store);
        expect(rehashed.from).toBe('rebuilt');
        for (const [id, found] of await lookups(store, rehashed.index)) expect(found).toBe(id);
        expect((await loadImageIndex(store)).from).toBe('snapshot');
      } finally {
        await store.close();
      }
    });

    it('is not trusted while a writer is midway, and a snapshot in an unknown format is rebuilt with a one-line note', async () => {
      const store = await open();
      try {
        await store.images.replace('1', [image(1)]);
        await loadImageIndex(store);
        await store.putBlob('image-index-revision', Buffer.from('-'));
        expect((await loadImageIndex(store)).from).toBe('rebuilt');
        for (const bytes of [Buffer.from('CWI1\0\0\0\0'), Buffer.from('CWI2\0\0\0\0'), Buffer.from('CWI7 a later format'), Buffer.alloc(0)]) {
          await store.putBlob('image-index', bytes);
          const loaded = await loadImageIndex(store);
          expect(loaded.from).toBe('rebuilt');
          expect(loaded.index.size).toBe(1);
          expect(loaded.note).toMatch(/^image index snapshot not loaded \(.+\): rebuilt from the stored photos$/);
          expect(loaded.note).not.toContain('\n');
          expect((await loadImageIndex(store)).from).toBe('snapshot');
        }
      } finally {
        await store.close();
      }
    });

    it('leaves out photos hashed with another region list, and counts them, rebuilt or loaded', async () => {
      const store = await open();
      try {
        await store.images.replace('1', [image(1), { ...image(2), hashes: hashes(2, 92) }]);
        const rebuilt = await loadImageIndex(store);
        expect([rebuilt.from, rebuilt.index.size, rebuilt.outdated]).toEqual(['rebuilt', 1, 1]);
        const loaded = await loadImageIndex(store);
        expect([loaded.from, loaded.index.size, loaded.outdated]).toEqual(['snapshot', 1, 1]);
      } finally {
        await store.close();
      }
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'cw-image-snapshot-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
let path = '';
snapshotContract(
  'sqlite',
  () => openSqliteStore({ path: (path = join(dir, `s${++n}.db`)) }),
  () => openSqliteStore({ path }),
);

const pg = usePostgres();
let schema = '';
snapshotContract(
  'postgres',
  () => pg.open({ schema: (schema = pg.schema()) }),
  () => pg.open({ schema }),
);
