/**
 * Sections by their opening heading. A section that opens with a stock heading ("Related
 * stories", 推荐阅读) is not the article going on: the extent of the body stops there (an
 * "Advertisement" line between two parts is no heading). One that opens with the heading of a
 * list of other stories ("Related", "Trending", 热门推荐, 関連記事) and lists three or more
 * stories after it is that list, wherever it stands (a sidebar of blurbs inside the article's
 * column too), unless it holds the core.
 */
import { contains, type Element } from './dom.ts';
import type { Block } from './blocks.ts';
import { isStockLine, isStoriesHeading } from './boilerplate.ts';

export interface HeadingSections {
  /** Elements whose first block is a stock heading. */
  opensWithStock: Set<Element>;
  /** Whether the element lies in a list of other stories. */
  inStoriesSection: (el: Element) => boolean;
}

/**
 * @param opening the first one or two blocks of every element that holds a block
 * @param core the element holding most of the article's prose, if any
 */
export function headingSections(blocks: Block[], opening: Map<Element, Block[]>, core: Element | null): HeadingSections {
  const opensWithStock = new Set<Element>();
  const storiesSection = new Set<Element>();
  // A list: after its heading, 3 or more children with text, 60% of them opening with a heading
  // or a link (a story each), not the paragraphs of a part of the body.
  const headedItems = (el: Element): boolean => {
    const kids = el.children.filter((c): c is Element => c.kind === 'el' && opening.has(c)).slice(1);
    const items = kids.filter((c) => {
      const first = opening.get(c)![0];
      return first.heading >= 2 || first.linkTokens >= first.stats.tokens * 0.8;
    });
    return items.length >= 3 && items.length >= kids.length * 0.6;
  };
  const opened = new Set<Element>();
  for (const b of blocks) {
    for (let el: Element | null = b.el; el && !opened.has(el); el = el.parent) {
      opened.add(el);
      if (b.heading > 0 && b.stats.tokens < 12) {
        const line = b.text.split('\n', 1)[0];
        if (!isStockLine(line)) continue;
        opensWithStock.add(el);
        if (isStoriesHeading(line) && !(core && contains(el, core)) && headedItems(el)) storiesSection.add(el);
      }
    }
  }
  const inStoriesSection = (el: Element): boolean => {
    if (!storiesSection.size) return false;
    for (let cur: Element | null = el; cur; cur = cur.parent) if (storiesSection.has(cur)) return true;
    return false;
  };
  return { opensWithStock, inStoriesSection };
}
