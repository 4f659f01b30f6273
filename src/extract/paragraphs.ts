/**
 * The article's paragraphs from the blocks the main-text search chose (MainText.candidates): the
 * text's edges trimmed of short lines, stock lines left out, a footer notice cut off. What the
 * search (main-text.ts), the JSON-LD cross-check (stated-body.ts) and the title's removal share.
 */
import { elements, holdsMedia, type Element } from './dom.ts';
import type { Block } from './blocks.ts';
import { classWords, isStockLine } from './boilerplate.ts';
import { isNotice } from './meta/notices.ts';
import { textStats } from './text-stats.ts';

export type BlockClass = 'good' | 'short' | 'bad';

export interface MainText {
  paragraphs: string[];
  /** The element that directly holds the most prose. */
  core: Element | null;
  /** The core or the ancestor of it whose subtree scores best: the article's extent. */
  container: Element | null;
  /** All blocks of the page with their final class, for diagnostics and metadata. */
  blocks: Block[];
  classes: BlockClass[];
  /** Each block's class judged alone, before template marks. */
  intrinsic: BlockClass[];
  /** Share of the page's tokens that are link text. */
  linkShare: number;
  /** Indexes of the first and last block the paragraphs come from. */
  span: [number, number] | null;
  /** Indexes of the container's blocks that are not template, in order. */
  candidates: number[];
}

/** The same text without the blocks up to and including `index` (a title inside the container). */
export function dropThrough(main: MainText, index: number): MainText {
  return assemble({ ...main, candidates: main.candidates.filter((i) => i > index) });
}

/**
 * A copyright or reuse notice in the last part of the text starts the page's footer (版权与免责声明,
 * 未经本网授权不得转载 ...): it and what follows are not the article. A notice early in the text is
 * left alone; it may be what the article is about.
 */
/** A notice that speaks for the site itself, not an article's mention of copyright. */
export function isSiteNotice(line: string): boolean {
  return line.length < 400 && isNotice(line) && /本网|本站|本报|本刊|本社|本平台|版权所有|免责|版权声明|all rights reserved|©|copyright/i.test(line);
}

/**
 * The site speaking to its reader at the end of a story: a call to subscribe, follow, join or
 * write in, an affiliate disclosure, an author's contact line, how comments are moderated ("Join
 * our Space Forums…", "Get Motor Cycle Monthly delivered…", "Email Tariq Malik at…", 关注我们的
 * 公众号). Up to four such lines of at most 60 tokens each are cut from the end of the text; a
 * call inside the story, or a long paragraph that mentions subscribing, stays.
 */
const CALL_TO_ACTION =
  /\b(subscribe|sign up|signup|newsletters?|follow (us|him|her|them|@\w+)|join (our|us|the conversation)|click here|download (our|the) app|affiliate (commission|links?)|may earn|delivered (to|through) your|for as little as|have a (news )?tip|may be reached at|reach (him|her|them|the author) at|(e-?mail|contact) (us|him|her|them|the author))\b|(关注|订阅)(我们|本号|公众号|微信)|扫码(关注|下载)|下载(客户端|app)/i;
const PROMO_MAX_TOKENS = 60;
/** A note on how comments are moderated, in either order: "Comments … will not be approved", "we are moderating all comments". */
const COMMENT_POLICY =
  /\b(comments?|coment[aá]rios?|kommentare?|commentaires?)\b.{0,120}\b(moderat\w*|approv\w*|aprovad\w*|aprobad\w*|freigeschaltet|policy|guidelines|política|richtlinien)|\bmoderat\w* (all |every )?(comments?|coment[aá]rios?|kommentare?|commentaires?)\b/i;

function cutPromoTail(paragraphs: string[]): string[] {
  let end = paragraphs.length;
  for (let k = 0; k < 4 && end > 1; k++) {
    const line = paragraphs[end - 1];
    if (!line.trim()) {
      end--;
      continue;
    }
    if (textStats(line).tokens > PROMO_MAX_TOKENS || !(CALL_TO_ACTION.test(line) || COMMENT_POLICY.test(line))) break;
    end--;
  }
  return end === paragraphs.length ? paragraphs : paragraphs.slice(0, end);
}

function cutFooterNotice(paragraphs: string[]): string[] {
  const sizes = paragraphs.map((p) => textStats(p).tokens);
  const total = sizes.reduce((a, b) => a + b, 0);
  let before = 0;
  for (let i = 0; i < paragraphs.length; i++) {
    if (before >= total * 0.6 && i > 0 && isSiteNotice(paragraphs[i])) return paragraphs.slice(0, i);
    before += sizes[i];
  }
  return paragraphs;
}

const REPEAT_MIN = 40;
/** Share of the text's tokens photo captions may hold and still be left out. */
const CAPTIONS_AT_MOST = 0.3;

const CAPTION_WORDS = new Set(['caption', 'figcaption', 'credit']);
const GALLERY_WORDS = new Set(['gallery', 'slide', 'slideshow']);

/**
 * The element (the block's own or one up to three levels up) that makes it a caption: a
 * <figcaption> or an element named a caption or a credit; with `orGallery`, also a <figure> or
 * an element named a gallery or a slide. Null when there is none.
 */
function captionOf(el: Element, orGallery: boolean): Element | null {
  for (let node: Element | null = el, k = 0; node && k < 4; node = node.parent, k++) {
    if (node.tag === 'figcaption' || (orGallery && node.tag === 'figure')) return node;
    if (classWords(node).some((w) => CAPTION_WORDS.has(w) || (orGallery && GALLERY_WORDS.has(w)))) return node;
  }
  return null;
}

/**
 * A caption of a photo: a caption (captionOf) with no player, embed, code listing or quotation
 * beside it (within the caption's parent or grandparent): a video's caption is its description,
 * often the story's summary; a code listing's caption names the listing; a quotation's is its
 * attribution. The photo itself need not be there: galleries and lightboxes draw it from a
 * script. `beside` memoizes the look around, which the captions of one gallery share.
 */
function isPhotoCaption(el: Element, beside: Map<Element, boolean>): boolean {
  const caption = captionOf(el, false);
  const around = caption && (caption.parent?.parent ?? caption.parent);
  if (!caption || !around) return !!caption;
  let other = beside.get(around);
  if (other === undefined) {
    other = false;
    let seen = 0;
    for (const e of elements(around)) {
      if (holdsMedia(e) || e.tag === 'pre' || e.tag === 'blockquote' || classWords(e).some((w) => w === 'video' || w === 'player')) {
        other = true;
        break;
      }
      if (++seen > 300) break;
    }
    beside.set(around, other);
  }
  return !other;
}

/**
 * Paragraphs from the candidate blocks. Short lines before the first and after the last paragraph
 * of prose are datelines, bylines, captions and tags and are left out; long ones (a list of items,
 * a table) are content. Stock lines ("Advertisement", 责任编辑：...) are left out everywhere, and
 * so are the captions of photos (a photo's caption and credit are the photo's: a reposter who
 * copies the story may leave them, and counting them would make the story's copied share look
 * smaller), unless they are much of the text.
 */
export function assemble(main: MainText): MainText {
  const { blocks, classes, candidates } = main;
  let first = 0;
  let last = candidates.length - 1;
  const edge = (i: number) => classes[i] !== 'good' && blocks[i].stats.tokens < 25;
  while (first <= last && edge(candidates[first])) first++;
  while (last >= first && edge(candidates[last])) last--;
  let paragraphs: string[] = [];
  const seen = new Set<string>();
  let captionTokens = 0;
  let allTokens = 0;
  const captions = new Set<number>();
  const beside = new Map<Element, boolean>();
  for (let k = first; k <= last; k++) {
    const b = blocks[candidates[k]];
    allTokens += b.stats.tokens;
    if (isPhotoCaption(b.el, beside)) {
      captions.add(k);
      captionTokens += b.stats.tokens;
    }
  }
  // Photo captions are left out of an article's text (a photo in a <figure> keeps its caption in
  // the extraction's `images[]`) unless they are much of it (a gallery, a photo essay).
  const dropCaptions = captionTokens <= allTokens * CAPTIONS_AT_MOST;
  for (let k = first; k <= last; k++) {
    const b = blocks[candidates[k]];
    if (dropCaptions && captions.has(k)) continue;
    for (const line of b.text.split('\n')) {
      if (isStockLine(line)) continue;
      // A long caption the text already holds (in a gallery and again beside its photo) is kept once.
      if (line.length >= REPEAT_MIN) {
        if (seen.has(line) && captionOf(b.el, true)) continue;
        seen.add(line);
      }
      paragraphs.push(line);
    }
  }
  paragraphs = cutFooterNotice(paragraphs);
  paragraphs = cutPromoTail(paragraphs);
  const span: [number, number] | null = first <= last ? [candidates[first], candidates[last]] : null;
  return { ...main, paragraphs, span };
}
