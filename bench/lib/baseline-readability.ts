/** The extraction baseline: @mozilla/readability over a linkedom document. */
import { parseHTML } from 'linkedom';
import { Readability } from '@mozilla/readability';

export function readabilityText(html: string): string {
  try {
    const { document } = parseHTML(html);
    const parsed = new Readability(document as never).parse();
    return parsed?.textContent ?? '';
  } catch {
    return '';
  }
}
