/**
 * The SQLite store when things go wrong: another process holds the lock, the file or its
 * directory cannot be written, the disk is full, two processes share the file, a writer is killed.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/store/index.ts';
import type { Store } from '../../src/store/ports.ts';
import { BetterSqlite3 } from '../../src/store/sqlite/driver.ts';
import { article, finding, t, thrown } from './contract/fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'copywatch-faults-'));
let n = 0;
const fresh = (name = 'db') => join(dir, `${name}-${++n}.db`);
const undo: Array<() => void> = [];
afterAll(() => {
  for (const u of undo) u();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Makes a file or directory truly unwritable, returning false when this machine cannot. Root
 * ignores permission bits, so as root the immutable attribute (chattr +i) is used.
 */
function makeUnwritable(path: string): boolean {
  if (process.getuid?.() !== 0) {
    const mode = statSync(path).mode;
    chmodSync(path, statSync(path).isDirectory() ? 0o555 : 0o444);
    undo.push(() => chmodSync(path, mode));
    return true;
  }
  if (spawnSync('chattr', ['+i', path]).status !== 0) return false;
  undo.push(() => spawnSync('chattr', ['-i', path]));
  return true;
}

function integrity(path: string): unknown {
  const raw = new BetterSqlite3(path);
  try {
    return raw.pragma('integrity_check', { simple: true });
  } finally {
    raw.close();
  }
}

/** Every article's text by its URL. */
async function textsByUrl(store: Store): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  for (let cursor: string | undefined; ;) {
    const page = await store.articles.list({ limit: 500, cursor });
    for (const a of page.items) texts.set(a.url, (await store.articles.get(a.id))!.text);
    if (!page.nextCursor) return texts;
    cursor = page.nextCursor;
  }
}

describe('sqlite store: faults', () => {
  it('reports a database locked by another process as STORE_LOCKED, in one line, and goes on once it is free', async () => {
    const path = fresh();
    const store = await openSqliteStore({ path, busyTimeoutMs: 100 });
    const other = new BetterSqlite3(path);
    other.exec('BEGIN EXCLUSIVE');
    const error = await thrown(() => store.articles.upsert(article(1), t(0)));
    expect(error.code).toBe('STORE_LOCKED');
    expect(error.message).toMatch(new RegExp(`^database ${path} is locked by another process \\(while saving article https://paper.example/a/1\\)`));
    expect(error.message).not.toContain('\n');
    expect(await store.articles.count()).toBe(0); // readers are not blocked in WAL mode
    other.exec('COMMIT');
    other.close();
    expect((await store.articles.upsert(article(1), t(0))).created).toBe(true);
    await store.close();
  });

  it('opens an unwritable database file for reading, and refuses writes with STORE_READONLY', async (ctx) => {
    const path = fresh();
    const writer = await openSqliteStore({ path });
    await writer.articles.upsert(article(1), t(0));
    await writer.close();
    if (!makeUnwritable(path)) return ctx.skip('cannot make a file unwritable here (no chattr +i as root)');
    const store = await openSqliteStore({ path });
    expect(await store.articles.count()).toBe(1);
    const error = await thrown(() => store.articles.upsert(article(2), t(1)));
    expect(error.code).toBe('STORE_READONLY');
    expect(error.message).toBe(`database ${path} is read-only (the file cannot be written) while saving article https://paper.example/a/2`);
    await store.close();
  });

  it('refuses to create a database in an unwritable directory with STORE_READONLY', async (ctx) => {
    const ro = join(dir, `ro-${++n}`);
    mkdirSync(ro);
    if (!makeUnwritable(ro)) return ctx.skip('cannot make a directory unwritable here (no chattr +i as root)');
    const inside = await thrown(() => openSqliteStore({ path: join(ro, 'copywatch.db') }));
    expect(inside.code).toBe('STORE_READONLY');
    expect(inside.message).toBe(`cannot create database ${join(ro, 'copywatch.db')}: its directory cannot be written`);
    const below = await thrown(() => openSqliteStore({ path: join(ro, 'data', 'copywatch.db') }));
    expect(below.code).toBe('STORE_READONLY');
    expect(below.message).toContain(`database ${join(ro, 'data', 'copywatch.db')} is read-only while creating its directory`);
  });

  it('fails a write on a full disk with STORE_FULL, keeping everything stored before intact', async () => {
    const path = fresh();
    await (await openSqliteStore({ path })).close();
    const raw = new BetterSqlite3(path);
    const pages = Number(raw.pragma('page_count', { simple: true }));
    raw.close();
    const store = await openSqliteStore({ path, maxPageCount: pages + 24 });
    const body = (i: number) => `${i} `.repeat(3000);
    let stored = 0;
    let error: (Error & { code?: string }) | null = null;
    for (let i = 1; i <= 200 && !error; i++) {
      try {
        await store.articles.upsert(article(i, { text: body(i), paragraphs: [body(i)] }), t(i));
        stored = i;
      } catch (e) {
        error = e as Error & { code?: string };
      }
    }
    expect(error?.code).toBe('STORE_FULL');
    expect(error?.message).toBe(
      `the disk is full (or the database reached its size limit) while saving article https://paper.example/a/${stored + 1} in ${path}; nothing already stored was lost`,
    );
    expect(stored).toBeGreaterThan(2);
    const big = finding('1', 'https://copy.example/1', {
      passages: [{ original: { start: 0, end: 1, text: 'x'.repeat(200_000) }, suspect: { start: 0, end: 1, text: 'x' } }],
    });
    expect((await thrown(() => store.findings.upsert(big, t(500), 'scan'))).code).toBe('STORE_FULL');
    expect(await store.articles.count()).toBe(stored);
    await store.close();
    expect(integrity(path)).toBe('ok');
    const reopened = await openSqliteStore({ path });
    expect(await reopened.articles.count()).toBe(stored);
    expect(await reopened.findings.count()).toBe(0);
    const texts = await textsByUrl(reopened);
    for (let i = 1; i <= stored; i++) expect(texts.get(article(i).url)).toBe(body(i));
    await reopened.close();
  });

  it('lets two handles share one file but only one run at a time', async () => {
    const path = fresh();
    const a = await openSqliteStore({ path });
    const b = await openSqliteStore({ path });
    const run = await a.scans.start({ job: 'scan', target: 'portal', owner: 'host:1', at: t(0) });
    const error = await thrown(() => b.scans.start({ job: 'index', target: null, owner: 'host:2', at: t(0.5) }));
    expect(error.code).toBe('JOB_RUNNING');
    expect(error.message).toContain(`run #${run.id} by host:1`);
    await a.articles.upsert(article(1), t(1));
    expect((await b.articles.list()).items.map((x) => x.title)).toEqual(['Title 1']);
    await a.close();
    await b.close();
  });

  it('keeps every committed write, uncorrupted, when a writer is killed with SIGKILL', async () => {
    const path = fresh();
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'support', 'writer.ts'), path], {
      cwd: process.cwd(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let committed = -1;
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the writer committed only ${committed + 1} rows in 20 s: ${stderr}`)), 20_000);
      child.stdout.on('data', (d: Buffer) => {
        const lines = d.toString().trim().split('\n');
        committed = Number(lines.at(-1));
        if (committed >= 400) {
          clearTimeout(timer);
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.once('exit', resolve)));
    expect(child.signalCode).toBe('SIGKILL');
    expect(integrity(path)).toBe('ok');
    const store = await openSqliteStore({ path });
    const count = await store.articles.count();
    expect(count).toBeGreaterThanOrEqual(committed + 1);
    const texts = await textsByUrl(store);
    for (let i = 0; i <= committed; i++) expect(texts.get(`https://paper.example/k/${i}`)?.startsWith(`${i} `)).toBe(true);
    // The blob written before each article: the one before the next article may have committed.
    expect([count - 1, count]).toContain(Number((await store.getBlob('k'))?.toString()));
    expect(count - committed).toBeLessThanOrEqual(2);
    await store.close();
  });
});
