/**
 * The WARC files of `warc.dir` a scheduled scan-warc has judged, kept in the store (one JSON
 * blob per file: its size and mtime), so that each file is judged once unless it changes. A file is
 * remembered once it was read to its end (a file that ends inside a record included: reading it
 * again would end there again); a run interrupted in a file leaves it to the next run.
 */
import { realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type { Store } from '../store/ports.ts';
import { listWarcFiles } from './warc-dir.ts';

/** One key per file (`warc-scanned:<path>`): workers that finish files at once never overwrite each other's. */
const KEY = 'warc-scanned:';

export interface FileMark {
  size: number;
  mtimeMs: number;
}

async function readMark(store: Store, path: string): Promise<FileMark | null> {
  const blob = await store.getBlob(KEY + path);
  if (!blob) return null;
  try {
    return JSON.parse(blob.toString('utf8')) as FileMark;
  } catch {
    return null;
  }
}

async function markOf(path: string): Promise<FileMark | null> {
  try {
    const s = await stat(path);
    return s.isFile() ? { size: s.size, mtimeMs: s.mtimeMs } : null;
  } catch {
    return null;
  }
}

/** The WARC files of `dir` not judged yet, or changed (size or mtime) since they were, as they are now. */
export async function unscannedWarcFiles(store: Store, dir: string): Promise<Array<{ path: string; mark: FileMark }>> {
  const pending: Array<{ path: string; mark: FileMark }> = [];
  const root = await realpath(dir).catch(() => null);
  if (!root) return pending;
  for (const name of listWarcFiles(dir)) {
    const path = join(dir, name);
    // As from the API: a symbolic link that leads out of warc.dir is not read.
    const real = await realpath(path).catch(() => null);
    if (!real?.startsWith(root + sep)) continue;
    const mark = await markOf(path);
    if (!mark) continue;
    const done = await readMark(store, path);
    if (!done || done.size !== mark.size || done.mtimeMs !== mark.mtimeMs) pending.push({ path, mark });
  }
  return pending;
}

/** Remembers `path` as judged, as it was when the run listed it (a change while it was read is seen next time). */
export async function markWarcScanned(store: Store, path: string, mark: FileMark): Promise<void> {
  await store.putBlob(KEY + path, Buffer.from(JSON.stringify({ size: mark.size, mtimeMs: mark.mtimeMs })));
}
