/** An index entry from a prepared page. */
import { mix32 } from '../fingerprint/index.ts';
import type { IndexEntry } from './corpus-index.ts';
import type { PreparedPage } from './compare.ts';

export function indexEntryFor(id: string, page: PreparedPage): IndexEntry {
  const fp = page.fingerprint;
  let content = 0x1b873593 ^ fp.units.count;
  for (let i = 0; i < fp.units.count; i++) content = mix32(content ^ fp.units.hashes[i]);
  return { id, simhash: fp.simhash, fingerprints: fp.winnowed.hashes, units: fp.units.count, contentHash: content };
}
