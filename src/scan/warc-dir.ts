/**
 * The config's WARC folder (`warc.dir`), the only files the API and the dashboard may have
 * scan-warc read: listed by name, and named files resolved inside it. A name is a plain file name
 * ending in `.warc` or `.warc.gz`: no folder part, no `..`, no hidden file; a symbolic link that
 * leads out of the folder is refused as well.
 */
import { readdirSync, realpathSync } from 'node:fs';
import { join, sep } from 'node:path';
import { CopywatchError } from '../domain/index.ts';

const NAME = /^[^/\\\0.][^/\\\0]{0,254}\.warc(\.gz)?$/;
const MAX_LISTED = 500;

/** The WARC files of `dir` by name, sorted (at most 500); none when `dir` is not configured or cannot be read. */
export function listWarcFiles(dir: string | undefined): string[] {
  if (!dir) return [];
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => (e.isFile() || e.isSymbolicLink()) && NAME.test(e.name))
      .map((e) => e.name)
      .sort()
      .slice(0, MAX_LISTED);
  } catch {
    return [];
  }
}

/** The paths of `names` inside `dir`, or an INPUT_INVALID / INPUT_NOT_FOUND error naming the first bad one. */
export function warcPathsIn(dir: string | undefined, names: string[]): string[] {
  if (!dir) throw new CopywatchError('INPUT_INVALID', 'scan-warc from the API needs warc.dir in the config (the folder whose WARC files it may read)');
  let root: string;
  try {
    root = realpathSync(dir);
  } catch {
    throw new CopywatchError('INPUT_NOT_FOUND', `warc.dir ${dir} does not exist`);
  }
  return names.map((name, i) => {
    if (!NAME.test(name))
      throw new CopywatchError(
        'INPUT_INVALID',
        `body.files[${i}]: expected the name of a .warc or .warc.gz file in warc.dir, got ${JSON.stringify(name.slice(0, 100))}`,
      );
    let real: string;
    try {
      real = realpathSync(join(root, name));
    } catch {
      throw new CopywatchError('INPUT_NOT_FOUND', `body.files[${i}]: no file ${JSON.stringify(name)} in warc.dir`);
    }
    if (!real.startsWith(root + sep)) throw new CopywatchError('INPUT_INVALID', `body.files[${i}]: ${JSON.stringify(name)} leads out of warc.dir`);
    return real;
  });
}
