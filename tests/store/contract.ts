/**
 * The store contract: what every store adapter (SQLite now, PostgreSQL later) must do, as a
 * vitest suite. An adapter's test file calls `storeContract(name, open)`; `open` must return a
 * new, empty store each time (the suite closes it after each test).
 */
import { describe } from 'vitest';
import { articleContract } from './contract/articles.ts';
import { evidenceContract } from './contract/evidence.ts';
import { findingListContract } from './contract/finding-lists.ts';
import { findingContract } from './contract/findings.ts';
import { imageContract } from './contract/images.ts';
import { useStore, type OpenStore } from './contract/fixtures.ts';
import { peopleContract } from './contract/people.ts';
import { scanContract } from './contract/scans.ts';
import { templateContract } from './contract/templates.ts';

export type { OpenStore } from './contract/fixtures.ts';

export function storeContract(name: string, open: OpenStore): void {
  describe(`store contract: ${name}`, () => {
    const ctx = useStore(open);
    articleContract(ctx);
    findingContract(ctx);
    evidenceContract(ctx);
    findingListContract(ctx);
    scanContract(ctx);
    templateContract(ctx);
    peopleContract(ctx);
    imageContract(ctx);
  });
}
