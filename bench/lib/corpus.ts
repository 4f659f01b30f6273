/** Reads ../shared/corpus (never copied into the repository). */
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface CorpusPage {
  id: string;
  source: string;
  html: string;
  gold: string | null;
  goldKind: 'human' | 'silver' | null;
  lang: string;
  domain: string;
  url: string | null;
  /** wcxb only: article, forum, product, documentation, listing, service or collection. */
  pageType?: string;
}

const here = dirname(fileURLToPath(import.meta.url));

function corpusDir(): string {
  return process.env.COPYWATCH_CORPUS ?? resolve(here, '../../../shared/corpus');
}

export function loadManifest(): CorpusPage[] {
  const dir = corpusDir();
  const file = join(dir, 'manifest.jsonl');
  if (!existsSync(file)) {
    throw new Error(`corpus not found: ${file} (set COPYWATCH_CORPUS or put ../shared beside the repository)`);
  }
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as CorpusPage);
}

export function readPage(page: CorpusPage): Buffer {
  return readFileSync(join(corpusDir(), page.html));
}

export function readGold(page: CorpusPage): string | null {
  return page.gold ? readFileSync(join(corpusDir(), page.gold), 'utf8') : null;
}
