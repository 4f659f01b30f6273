/**
 * Writes tests/support/pages/epaper-sample.gbk.html, the bundled sample page `npm start`
 * extracts until the demo web exists. A test checks the file matches what this renders.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { ARTICLES } from './web/articles.ts';
import { encodePage } from './web/html.ts';
import { renderEpaperArticle } from './web/templates/epaper.ts';

export const SAMPLE_PATH = 'tests/support/pages/epaper-sample.gbk.html';

export function renderSample(): Buffer {
  return encodePage(renderEpaperArticle(ARTICLES[0]), 'gbk');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  mkdirSync('tests/support/pages', { recursive: true });
  writeFileSync(SAMPLE_PATH, renderSample());
  console.log(`wrote ${SAMPLE_PATH}`);
}
