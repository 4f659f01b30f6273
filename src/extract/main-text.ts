/**
 * Finds the article's text among the page's blocks.
 *
 * 1. Each block is judged on its own: `good` (sentences of prose, few links), `bad` (mostly link
 *    text, or a stock line such as "Advertisement" or 责任编辑), or `short` (anything else).
 * 2. Template regions are marked from tags, roles, class and id words, and hidden styles; an
 *    element that holds most of the page's good text is never marked, whatever its class says.
 * 3. The container is the element whose subtree maximizes good tokens minus bad tokens (and a
 *    little of the short ones): the article's prose wins, the template around it costs.
 * 4. The container extends to sibling elements that carry on the article (a body split by
 *    figures and ads), and a run of flat teasers at its end is cut off.
 * 5. The paragraphs are the container's blocks that are not bad, short lines trimmed from its
 *    edges when they stand before the first or after the last paragraph of prose.
 * 6. A full JSON-LD articleBody that the page's blocks hold is the cross-check: the text is rebuilt
 *    from its blocks when it misses much of it, and a long tail it does not hold is cut off.
 */
import { contains, type Document, type Element } from './dom.ts';
import { BLOCK_TAGS, segment, type Block } from './blocks.ts';
import { classHint, classWords, isConsentNotice, isFurnitureTag, isHidden, isStockLine } from './boilerplate.ts';
import { headingSections } from './sections.ts';
import { signupBoxes } from './signup.ts';
import { isTeaserCards, isTeaserList } from './teasers.ts';
import { readJsonLd } from './meta/json-ld.ts';
import { assemble, isSiteNotice, type BlockClass, type MainText } from './paragraphs.ts';
import { crossCheck } from './stated-body.ts';
import { extend, inSiteChrome, sectionsParent } from './extent.ts';
import { templateMarks, withSiteBody, type TemplateTest } from './profile.ts';

export { dropThrough, type BlockClass, type MainText } from './paragraphs.ts';

const SHORT_PENALTY = 0.25;
const SCATTER_SHARE = 0.4;
const SCATTER_TARGET = 0.6;
const MOST_PROSE = 0.75;
/** Class words of readers' posts below an article. */
const FEEDBACK_WORDS = new Set(['comment', 'comments', 'reply', 'replies', 'review', 'reviews', 'respond', 'discussion']);

function intrinsicClass(block: Block): BlockClass {
  const { tokens, cjk, words, punct } = block.stats;
  const linkDensity = tokens ? block.linkTokens / tokens : 0;
  // Link text is navigation, unless it is a long block where links are only part of it.
  if (linkDensity > 0.5 && (tokens < 25 || linkDensity > 0.7)) return 'bad';
  const firstLine = block.text.split('\n', 1)[0];
  if (tokens < 40 && isStockLine(firstLine)) return 'bad';
  if (isConsentNotice(block.text)) return 'bad';
  if (block.heading) return 'short';
  const prose = cjk > words ? cjk >= 12 && punct >= 1 : words >= 12 && punct >= 1;
  if (prose && linkDensity <= 0.3) return 'good';
  return 'short';
}

export interface MainTextOptions {
  /**
   * Which blocks the site's learned template holds (profile.ts): they are 'bad' and do not vote
   * for the core, unless one holds most of the page's prose or they would leave it almost none.
   */
  template?: TemplateTest | null;
}

export function findMainText(doc: Document, options: MainTextOptions = {}): MainText {
  // Hidden inline elements (a display:none copy of the text, screen-reader labels) are dropped
  // outright; hidden blocks are judged below with the other template marks.
  const blocks = segment(doc.root, (el) => !BLOCK_TAGS.has(el.tag) && isHidden(el));
  const intrinsic = blocks.map(intrinsicClass);
  // A newsletter sign-up box's promise reads like prose; it is the site's, on every page.
  const signup = signupBoxes(doc, blocks);
  if (signup.size)
    blocks.forEach((b, i) => {
      for (let el: Element | null = b.el; el; el = el.parent) if (signup.has(el)) intrinsic[i] = 'bad';
    });
  const found = options.template ? options.template(blocks) : null;
  const learned = templateMarks(blocks, intrinsic, found);

  // Prose per element (its subtree), judged alone: an element that holds most of the page's
  // prose is not discounted for its class words (a `theiaStickySidebar` wrapper around the whole
  // article column), or the page's one undiscounted paragraph (a cookie notice) would be the core,
  const proseUnder = new Map<Element, number>();
  let pageProse = 0;
  blocks.forEach((b, i) => {
    if (intrinsic[i] !== 'good') return;
    pageProse += b.stats.tokens;
    for (let el: Element | null = b.el; el; el = el.parent) proseUnder.set(el, (proseUnder.get(el) ?? 0) + b.stats.tokens);
  });
  // ... when it also holds the page's headline (its first <h1>): comments that outweigh a short
  // article do not hold the article's title.
  const headline = blocks.find((b) => b.heading === 1)?.el ?? null;
  const holdsMostProse = (el: Element) => headline !== null && (proseUnder.get(el) ?? 0) >= pageProse * MOST_PROSE && contains(el, headline);
  // ... nor are the parts of a body cut into sibling elements built alike (one tag and class,
  // `widget-container` parts with a newsletter box or a figure between them) that together hold
  // most of the page's prose: no one part holds most of it, and every part would be marked
  // (nor, when they are three or more <article>s, read as a list of stories). Comments and
  // replies are built alike too, and are left to their marks.
  const proseParts = new Set<Element>();
  for (const parent of new Set([...proseUnder.keys()].map((el) => el.parent))) {
    if (!parent) continue;
    const groups = new Map<string, Element[]>();
    for (const c of parent.children) {
      if (c.kind !== 'el' || !proseUnder.has(c)) continue;
      const sig = signature(c);
      if (sig) groups.set(sig, [...(groups.get(sig) ?? []), c]);
    }
    for (const parts of groups.values()) {
      if (parts.length < 2 || parts.some((c) => classWords(c).some((w) => FEEDBACK_WORDS.has(w)))) continue;
      if (parts.reduce((n, c) => n + (proseUnder.get(c) ?? 0), 0) >= pageProse * MOST_PROSE) for (const c of parts) proseParts.add(c);
    }
  }
  const mostProse = (el: Element) => holdsMostProse(el) || proseParts.has(el);

  // How much a block's position argues for it: template regions weigh less, article-named
  // regions more. Used to find the core only.
  const markMemo = new Map<Element, number>();
  const regionFactor = (el: Element | null): number => {
    if (!el) return 1;
    const known = markMemo.get(el);
    if (known !== undefined) return known;
    const classed = classHint(el);
    // (Not <body>: its class words name the page's layout, `with-banner`, and discount every block alike.)
    const hint = classed === 'strong' && el.tag !== 'body' && mostProse(el) ? 'none' : classed;
    const own = isFurnitureTag(el) || isHidden(el) || hint === 'strong' || isTeaserList(el) ? 0.05 : hint === 'weak' ? 0.5 : 1;
    const factor = Math.min(own, regionFactor(el.parent));
    markMemo.set(el, factor);
    return factor;
  };
  const positiveNear = (el: Element): boolean =>
    classHint(el) === 'positive' ||
    (!!el.parent && (classHint(el.parent) === 'positive' || (!!el.parent.parent && classHint(el.parent.parent) === 'positive')));

  // The core: the element that directly holds the most prose (its own blocks and its children's,
  // half of its grandchildren's), as Readability scores parents of paragraphs. The core and its
  // ancestors are exempt from template marks, whatever their class says.
  const direct = new Map<Element, number>();
  const weighted = new Map<Element, number>();
  const shallow = new Set<Element>(); // elements that hold prose as a child or themselves
  let totalTokens = 0;
  let linkTokens = 0;
  blocks.forEach((b, i) => {
    totalTokens += b.stats.tokens;
    linkTokens += b.linkTokens;
    // Prose counts fully; long runs of plain text without sentences (a list of dates, a table
    // row) count half: they are content more often than not.
    const kind = intrinsic[i] === 'good' ? 1 : intrinsic[i] === 'short' && b.stats.tokens >= 20 && b.linkTokens < b.stats.tokens * 0.3 ? 0.5 : 0;
    // A site's own notice (版权声明, 未经本站授权...) is not what the page is about: it does not
    // vote for the core, so a short article is not outweighed by the long notice below it.
    if (!kind || isSiteNotice(b.text) || learned[i]) return;
    const t = kind * b.stats.tokens * regionFactor(b.el) * (positiveNear(b.el) ? 1.3 : 1);
    direct.set(b.el, (direct.get(b.el) ?? 0) + t);
    if (b.el.parent) direct.set(b.el.parent, (direct.get(b.el.parent) ?? 0) + t);
    if (b.el.parent?.parent) direct.set(b.el.parent.parent, (direct.get(b.el.parent.parent) ?? 0) + t / 2);
    for (let el: Element | null = b.el; el; el = el.parent) weighted.set(el, (weighted.get(el) ?? 0) + t);
    shallow.add(b.el);
    if (b.el.parent) shallow.add(b.el.parent);
  });
  // A how-to whose steps are cards of nested wrappers (a numbered head, a picture, the step's text
  // in a box of its own): its prose sits too deep for any one element to hold it directly, and
  // one step, or a long comment below, would be the core. The parent of 3 or more children of
  // one tag and class that each open with an unlinked heading (within their first two blocks: a
  // step number may come first) and hold prose only in wrappers of their own (sections whose
  // paragraphs are their children are credited as they are) is credited with all of it,
  // weighted as above.
  const opening = new Map<Element, Block[]>();
  const stepsOf = new Map<Element, string>();
  for (const b of blocks)
    for (let el: Element | null = b.el; el; el = el.parent) {
      const seen = opening.get(el);
      if (!seen) opening.set(el, [b]);
      else if (seen.length < 2) seen.push(b);
    }
  const opensWithHeading = (el: Element) => (opening.get(el) ?? []).some((b) => b.heading >= 2 && b.linkTokens < b.stats.tokens * 0.5);
  for (const parent of new Set([...weighted.keys()].map((el) => el.parent))) {
    if (!parent) continue;
    const units = new Map<string, number[]>();
    for (const c of parent.children) {
      if (c.kind !== 'el') continue;
      const sig = signature(c);
      const w = weighted.get(c) ?? 0;
      if (sig && w > 0 && !shallow.has(c) && opensWithHeading(c)) units.set(sig, [...(units.get(sig) ?? []), w]);
    }
    for (const [sig, ws] of units) {
      const sum = ws.reduce((a, b) => a + b, 0);
      if (ws.length >= 3 && sum > (direct.get(parent) ?? 0)) {
        direct.set(parent, sum);
        stepsOf.set(parent, sig);
      }
    }
  }
  // The core is never inside the site's chrome (a footer, a menu, a cookie or newsletter dialog):
  // when that is where all the prose is, the page has no article, rather than the site's
  // self-description, which would make every page of the site look like the same article.
  let core: Element | null = null;
  let coreScore = 0;
  for (const [el, s] of direct)
    if (s > coreScore && !inSiteChrome(el)) {
      coreScore = s;
      core = el;
    }
  core = core && sectionsParent(core, blocks, intrinsic);
  const exempt = new Set<Element>();
  for (let el = core; el; el = el.parent) exempt.add(el);
  // Elements built like the core or one of its ancestors (same tag, same class): the other steps
  // of a how-to, the other parts of a long article split by figures and ads. Like the core, they
  // are read without weak marks and teaser-list marks.
  const coreSigs = new Set<string>();
  for (let el = core; el; el = el.parent) {
    const sig = signature(el);
    if (sig) coreSigs.add(sig);
  }
  // (The steps that made their parent the core are built like it.)
  const steps = core && stepsOf.get(core);
  if (steps) coreSigs.add(steps);
  const mirrorsCore = (node: Element): boolean => {
    const sig = signature(node);
    return sig !== null && coreSigs.has(sig);
  };

  const articleSeen = new Set<Element>();
  // <article> elements by tag and class: three or more built alike are a list of stories (teasers,
  // related stories), of which the page's article is at most one (the core's, exempt below).
  const articleCounts = new Map<string, number>();
  for (const b of blocks)
    for (let el: Element | null = b.el; el; el = el.parent)
      if (el.tag === 'article' && !articleSeen.has(el)) {
        articleSeen.add(el);
        const key = el.attrs.class ?? '';
        articleCounts.set(key, (articleCounts.get(key) ?? 0) + 1);
      }
  const alikeArticles = (node: Element): boolean => node.tag === 'article' && (articleCounts.get(node.attrs.class ?? '') ?? 0) >= 3;

  const templateMemo = new Map<Element, boolean>();
  const isTemplate = (el: Element): boolean => {
    const known = templateMemo.get(el);
    if (known !== undefined) return known;
    const chain: Element[] = [];
    let cur: Element | null = el;
    let inherited = false;
    while (cur) {
      const memo = templateMemo.get(cur);
      if (memo !== undefined) {
        inherited = memo;
        break;
      }
      chain.push(cur);
      cur = cur.parent;
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      const node = chain[i];
      if (!inherited) {
        const hint = classHint(node) === 'strong' && proseParts.has(node) ? 'none' : classHint(node);
        // Inside the core, weak marks and teaser lists do not count: `player-2020` rows of a
        // results table, or a numbered list whose items open with links, are the article's text.
        // Teaser cards (linked headings over one-sentence summaries) are other stories, even there.
        const inCore = core !== null && contains(core, node);
        const lenient = inCore || mirrorsCore(node);
        const marked =
          isFurnitureTag(node) ||
          isHidden(node) ||
          hint === 'strong' ||
          (!lenient && (hint === 'weak' || isTeaserList(node))) ||
          (inCore && isTeaserCards(node)) ||
          ((nestedArticle(node) || (alikeArticles(node) && !proseParts.has(node))) && !mirrorsCore(node));
        inherited = marked && !exempt.has(node);
      }
      templateMemo.set(node, inherited);
    }
    return inherited;
  };

  const { opensWithStock, inStoriesSection } = headingSections(blocks, opening, core);
  const classes = blocks.map((b, i): BlockClass => (isTemplate(b.el) || learned[i] || inStoriesSection(b.el) ? 'bad' : intrinsic[i]));
  if (!classes.includes('good')) {
    // No prose anywhere (a short note, a poem): short blocks are all there is.
    for (let i = 0; i < classes.length; i++) if (classes[i] === 'short' && blocks[i].stats.tokens >= 4) classes[i] = 'good';
  }

  const score = new Map<Element, number>();
  blocks.forEach((b, i) => {
    const c = classes[i];
    const w = c === 'good' ? b.stats.tokens : c === 'bad' ? -b.stats.tokens : -SHORT_PENALTY * b.stats.tokens;
    for (let el: Element | null = b.el; el; el = el.parent) score.set(el, (score.get(el) ?? 0) + w);
  });
  // What a sibling adds to the article when the text goes on in it: a list of other stories it
  // holds (teaser cards appended to the last part of a body) is left out of the text, so it does
  // not count against it. A sibling with no prose of its own keeps its plain score (a sidebar
  // stays a barrier).
  const teaserMemo = new Map<Element, boolean>();
  const inTeasers = (el: Element | null): boolean => {
    if (!el) return false;
    const known = teaserMemo.get(el);
    if (known !== undefined) return known;
    const v = isTeaserList(el) || isTeaserCards(el) || inTeasers(el.parent);
    teaserMemo.set(el, v);
    return v;
  };
  const reach = new Map<Element, number>();
  const ownProse = new Set<Element>();
  blocks.forEach((b, i) => {
    const marked = inTeasers(b.el);
    const c = classes[i];
    const w = marked ? 0 : c === 'good' ? b.stats.tokens : c === 'bad' ? -b.stats.tokens : -SHORT_PENALTY * b.stats.tokens;
    for (let el: Element | null = b.el; el; el = el.parent) {
      reach.set(el, (reach.get(el) ?? 0) + w);
      if (c === 'good') ownProse.add(el);
    }
  });
  const siblingScore = (el: Element) => (ownProse.has(el) ? (reach.get(el) ?? 0) : (score.get(el) ?? 0));

  // The container is the core or one of its ancestors: the one whose subtree scores best.
  let container: Element | null = null;
  let best = -Infinity;
  for (let el = core; el; el = el.parent) {
    const s = score.get(el) ?? 0;
    if (s > best) {
      best = s;
      container = el;
    }
  }

  const linkShare = totalTokens ? linkTokens / totalTokens : 0;
  if (!container) return { paragraphs: [], core, container: null, blocks, classes, intrinsic, linkShare, span: null, candidates: [] };

  // Prose scattered over a page (a service, product or landing page: many short sections, none
  // holding most of it, each beside its own buttons and link lists): when the container and the siblings it extends to hold
  // under 40% of the page's prose, the nearest ancestor that holds 60% of it is taken (outside
  // the site's chrome), though its links cost more than its prose weighs.
  const good = new Map<Element, number>();
  let pageGood = 0;
  blocks.forEach((b, i) => {
    if (classes[i] !== 'good') return;
    pageGood += b.stats.tokens;
    for (let el: Element | null = b.el; el; el = el.parent) good.set(el, (good.get(el) ?? 0) + b.stats.tokens);
  });
  let extent = extend(container, score, siblingScore, opensWithStock, signature);
  if (extent.reduce((n, el) => n + (good.get(el) ?? 0), 0) < pageGood * SCATTER_SHARE) {
    for (let el: Element | null = container.parent; el; el = el.parent) {
      if ((good.get(el) ?? 0) >= pageGood * SCATTER_TARGET) {
        if (!inSiteChrome(el)) {
          container = el;
          extent = [el];
        }
        break;
      }
    }
  }

  const inExtent = new Set(extent);
  const within: number[] = [];
  blocks.forEach((b, i) => {
    for (let el: Element | null = b.el; el; el = el.parent)
      if (inExtent.has(el)) {
        within.push(i);
        return;
      }
  });
  const end = teaserTail(blocks, classes, within);
  const candidates = withSiteBody(
    within.filter((i) => i < end && classes[i] !== 'bad'),
    found,
    blocks,
    classes,
  );
  const main = assemble({ paragraphs: [], core, container, blocks, classes, intrinsic, linkShare, span: null, candidates });
  return crossCheck(main, readJsonLd(doc.jsonLd)?.articleBody ?? null);
}

/**
 * Where a run of teasers laid out flat at the end of the text starts (or Infinity): three or
 * more linked headlines (a heading that is all link, 3 to 30 tokens), each followed by
 * at most three short lines without links beside it (a summary of a sentence or two, a date), up to the
 * end, after a text that has prose of its own. Items in wrappers are found as teaser lists; this
 * is the same list without them. The summaries must be short (50 tokens a headline on average):
 * the steps of a listicle with linked headings say more.
 */
function teaserTail(blocks: Block[], classes: BlockClass[], within: number[]): number {
  const headline = (b: Block) => b.heading > 0 && b.stats.tokens >= 3 && b.stats.tokens <= 30 && b.linkTokens >= b.stats.tokens * 0.8;
  let units = 0;
  let summary = 0;
  let pending: Block[] = []; // the lines after the headline being looked for (walking back)
  let start = Infinity;
  for (let k = within.length - 1; k >= 0; k--) {
    const b = blocks[within[k]];
    if (headline(b)) {
      // A unit's lines sit beside its headline (same parent), not in the text around it.
      const holder = b.el.parent;
      if (pending.some((p) => p.el.parent !== holder && p.el !== holder)) break;
      units++;
      summary += pending.reduce((n, p) => n + p.stats.tokens, 0);
      pending = [];
      start = within[k];
      continue;
    }
    if (pending.length >= 3 || b.stats.tokens >= 80 || b.linkTokens > b.stats.tokens * 0.3) break;
    pending.push(b);
  }
  if (units < 3 || summary > units * 50) return Infinity;
  return within.some((i) => i < start && classes[i] === 'good') ? start : Infinity;
}

/**
 * An <article> inside another <article>: in HTML's terms a related piece (a comment, a related
 * post), not the outer article's text. The core's own chain is exempt, and so are the articles
 * built like it (the other posts of a forum thread, where each post is an article).
 */
function nestedArticle(node: Element): boolean {
  if (node.tag !== 'article') return false;
  for (let el = node.parent; el; el = el.parent) if (el.tag === 'article') return true;
  return false;
}

/** Tag and class of an element, numbers folded (step-1, step-2), or null when it has no class. */
function signature(el: Element): string | null {
  const cls = (el.attrs.class ?? '').trim();
  return cls ? `${el.tag}.${cls.replace(/\d+/g, '#').split(/\s+/).sort().join('.')}` : null;
}
