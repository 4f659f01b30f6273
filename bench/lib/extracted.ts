/**
 * copywatch's extraction of each corpus page, computed once per process: the extraction eval and
 * the matching suite read the same pages with the same options.
 */
import type { Extraction } from '../../src/domain/index.ts';
import { extract } from '../../src/extract/index.ts';
import { readPage, type CorpusPage } from './corpus.ts';

const memo = new Map<string, { bytes: Buffer; result: Extraction }>();

export function extractCorpusPage(page: CorpusPage): { bytes: Buffer; result: Extraction } {
  let hit = memo.get(page.id);
  if (!hit) {
    const bytes = readPage(page);
    hit = { bytes, result: extract(bytes, { url: page.url }) };
    memo.set(page.id, hit);
  }
  return hit;
}
