/**
 * A thread's opening post that outweighs its replies: on a page that does not declare itself a
 * thread, the main text lies mostly outside the replies, as an article's does above its comments.
 */
import { contains, type Element } from './dom.ts';
import type { Block } from './blocks.ts';
import { classWords } from './boilerplate.ts';
import { authorOf, dateOf, DATE_TEXT } from './post-meta.ts';
import { COMMENTS_WORD, postRoot, type Tally } from './post-tree.ts';

/**
 * The main text outside the posts is the thread's opening post, however long: it lies in one
 * unit before the replies, a sibling of theirs (the child of their nearest common ancestor that
 * holds it), of the replies' own tag, with an author or a date of its own outside its prose; the
 * replies are sibling units of that ancestor too, or sit together in one container beside it
 * named as comments. An article with comments below differs: its body is no sibling unit of the
 * comments' tag, or carries no author or date of its own.
 */
export function openingPost(outside: Element[], members: Element[], blocks: Block[], tally: Map<Element, Tally>): boolean {
  if (!outside.length) return false;
  const above = new Set<Element>();
  for (let cur: Element | null = members[0]; cur; cur = cur.parent) above.add(cur);
  let common: Element | null = outside[0];
  while (common && !above.has(common)) common = common.parent;
  if (!common || common.tag === 'body' || common.tag === 'html') return false;
  const childOf = (el: Element): Element | null => {
    let cur: Element | null = el;
    while (cur && cur.parent !== common) cur = cur.parent;
    return cur;
  };
  const child = childOf(outside[0]);
  if (!child || outside.some((el) => !contains(child, el))) return false;
  let unit = child;
  const units = new Set(members.map(childOf));
  if (units.has(null) || units.has(child)) return false;
  const root = postRoot(members[0], members, tally);
  const replyTag = units.size >= 2 ? [...units][0]!.tag : root.tag;
  // A list of one (`<ol><li>` the opening post `</li></ol>` above the comments' list): its item.
  const only = unit.tag !== replyTag ? onlyChild(unit) : null;
  if (only && only.tag === replyTag) unit = only;
  const unitTally = tally.get(unit);
  if (!unitTally || unitTally.first > tally.get(members[0])!.first) return false;
  if (unit.tag !== replyTag) return false;
  // Replies gathered in one container: it is named as comments, and the opening unit is built
  // as a reply is (the tag paths of their elements, formatting aside, mostly shared).
  const [container] = units;
  if (units.size === 1) {
    if (!classWords(container!).some((w) => COMMENTS_WORD.test(w))) return false;
    const own = skeleton(unit);
    const full = skeleton(unit, true);
    const alike = (m: Element) => {
      const root = postRoot(m, members, tally);
      const reply = skeleton(root);
      // A post of few block elements (a class-less table row: a cell for the user, one for the
      // text; a header, a body and a footer) is compared with its formatting tags too: the bold
      // name, the small date, the links, the breaks; 3 paths shared and 60% of all.
      if (own.size >= 5 && reply.size >= 5) return builtAlike(own, reply);
      return builtAlike(own, reply) || builtAlike(full, skeleton(root, true), 3, 0.6);
    };
    if (!members.some(alike)) return false;
  }
  // The unit's own author or date: marked up, or a date line outside its prose.
  if (authorOf(unit, members[0]) !== null || dateOf(unit, members[0]) !== null) return true;
  let chrome = '';
  for (let i = unitTally.first; i <= unitTally.last && chrome.length < 2000; i++) {
    if (contains(unit, blocks[i].el) && !outside.includes(blocks[i].el)) chrome += ` ${blocks[i].text}`;
  }
  return DATE_TEXT.test(chrome);
}

/** The element's one element child, when it has one and no text beside it. */
function onlyChild(el: Element): Element | null {
  let only: Element | null = null;
  for (const c of el.children) {
    if (c.kind === 'text') {
      if (c.text.trim()) return null;
    } else if (only) return null;
    else only = c;
  }
  return only;
}

/** Inline and formatting tags: not part of a post's build. */
const FORMATTING = new Set(['p', 'br', 'b', 'i', 'em', 'strong', 'a', 'span', 'font', 'u', 'small', 'sup', 'sub', 'img', 'wbr', 'code', 'blockquote', 'cite']);

/** The tag paths under an element (`div/dl/dt`), formatting tags and their subtrees aside unless `formatting`, 6 deep at most. */
function skeleton(root: Element, formatting = false): Set<string> {
  const out = new Set<string>();
  const walk = (el: Element, path: string, depth: number) => {
    for (const c of el.children) {
      if (c.kind !== 'el' || (!formatting && FORMATTING.has(c.tag))) continue;
      const p = `${path}/${c.tag}`;
      out.add(p);
      if (depth < 6) walk(c, p, depth + 1);
    }
  };
  walk(root, root.tag, 1);
  return out;
}

/** Two skeletons of one build: at least 5 paths shared, and half of all their paths (a bare `div/div` says nothing). */
function builtAlike(a: Set<string>, b: Set<string>, min = 5, share = 0.5): boolean {
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return shared >= min && shared >= (a.size + b.size - shared) * share;
}
