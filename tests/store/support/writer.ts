/**
 * A writer the crash test kills with SIGKILL: writes in a loop to the database given as argv[2]
 * (a blob holding the number, then the article of that number) and prints the article number
 * after each commit.
 */
import { openSqliteStore } from '../../../src/store/index.ts';

const store = await openSqliteStore({ path: process.argv[2] ?? 'writer.db' });
const filler = 'The refinery cut its energy use by a tenth this winter. '.repeat(200);
for (let i = 0; ; i++) {
  await store.putBlob('k', Buffer.from(String(i)));
  const text = `${i} ${filler}`;
  await store.articles.upsert(
    {
      url: `https://paper.example/k/${i}`,
      canonicalUrl: null,
      source: 'paper',
      title: `Title ${i}`,
      byline: null,
      publishedAt: null,
      credit: null,
      lang: 'en',
      text,
      paragraphs: [text],
      notices: [],
      chrome: new Uint32Array([i]),
      simhash: '0000000000000000',
      fingerprints: new Uint32Array(64).fill(i),
      units: 1200,
      contentHash: i,
      bodySha256: 'f'.repeat(64),
    },
    new Date().toISOString(),
  );
  process.stdout.write(`${i}\n`);
}
