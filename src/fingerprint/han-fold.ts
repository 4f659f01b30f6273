/**
 * Traditional → simplified folding of single Han characters, from opencc-js's dictionaries
 * (standard traditional, Taiwan and Hong Kong variants). Matching compares characters, not
 * phrases, so a per-character table is what it needs: built once, on first use (~30 ms), as a
 * flat array over the BMP Han blocks.
 */
import * as OpenCC from 'opencc-js';

const FIRST = 0x3400;
const LAST = 0x9fff;
let table: Uint16Array | null = null;

function build(): Uint16Array {
  const out = new Uint16Array(LAST - FIRST + 1);
  const converters = (['t', 'tw', 'hk'] as const).map((from) => OpenCC.Converter({ from: from as 'tw', to: 'cn' }));
  for (let cp = FIRST; cp <= LAST; cp++) {
    const ch = String.fromCharCode(cp);
    let mapped = cp;
    for (const convert of converters) {
      const result = convert(ch);
      if (result !== ch && result.length === 1) {
        mapped = result.charCodeAt(0);
        break;
      }
    }
    out[cp - FIRST] = mapped;
  }
  return out;
}

/** The simplified form of a Han code point (itself when it has none). */
export function foldHan(cp: number): number {
  if (cp < FIRST || cp > LAST) return cp;
  table ??= build();
  return table[cp - FIRST];
}

/** Builds the table now (for benchmarks, so the first article does not pay for it). */
export function warmHanFold(): void {
  table ??= build();
}
