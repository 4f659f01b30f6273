/**
 * A thread whose opening post outweighs its replies together (a whole article posted, then a few
 * short replies), on a page that does not declare itself a DiscussionForumPosting or a QAPage:
 * the replies are posts and part of the text, without their buttons; an article with comments
 * below stays an article. Synthetic pages only.
 */
import { describe, expect, it } from 'vitest';
import { extract } from '../../src/extract/index.ts';

const OPENING = [
  'The city council voted on Tuesday to extend the night bus network to the northern districts, a change that will add fourteen routes and about two hundred drivers by the spring.',
  'Council members said the extension answers years of complaints from shift workers, who have relied on taxis or long walks after the last trains leave the centre at midnight.',
  'The transport authority estimates the routes will cost twelve million a year to run, of which the national government has agreed to cover about a third for the first five years.',
  'Opposition members welcomed the plan but asked for a review after the first winter, to see whether the buses run full enough to justify keeping every one of the new routes.',
  'Drivers will be hired from March, and the authority says training will take about six weeks, so the first routes should start running before the clocks change in late spring.',
];
const REPLIES = [
  'About time, I have walked home from the hospital at two in the morning for years.',
  'Fourteen routes sounds generous, but who is going to drive them at that pay?',
  'A third for five years, and then the city pays the whole bill on its own.',
];
const USERS = ['busfan', 'nightnurse', 'skeptic99', 'ledger'];

/** A post as a forum builds it: a header with the date, a user card, the body, a footer of buttons. */
function post(kind: string, i: number, body: string): string {
  return `<article class="${kind}" id="${kind}-${i}">
    <header class="${kind}-head"><a href="#${kind}-${i}">#${i + 1}</a> <time datetime="2024-05-0${i + 1}T08:00:00+00:00">May ${i + 1}, 2024</time></header>
    <div class="${kind}-user"><a class="username" href="/u/${i}">${USERS[i]}</a><dl><dt>Joined</dt><dd>Mar 2019</dd><dt>Posts</dt><dd>${100 + i}</dd></dl></div>
    <div class="${kind}-body">${body}</div>
    <footer class="${kind}-foot"><ul class="buttons"><li><a href="#">Like</a></li><li><a href="#">Quote</a></li><li><a href="#">Reply</a></li></ul></footer></article>`;
}

const page = (
  posts: string,
) => `<!doctype html><html><head><meta charset="utf-8"><title>Night buses to reach northern districts - Example Forums</title></head><body>
  <nav><a href="/">Home</a> <a href="/forums">Forums</a> <a href="/search">Search</a></nav>
  <main><h1>Night buses to reach northern districts</h1>${posts}</main>
  <aside class="sidebar"><h3>Popular threads</h3><ul><li><a href="#">Which tyres for winter?</a></li><li><a href="#">Say hello here</a></li></ul></aside>
  <footer>© Example Forums. Contact us | Privacy</footer></body></html>`;

const opening = post('topic', 0, OPENING.map((p) => `<p>${p}</p>`).join(''));
const replies = REPLIES.map((r, i) => post('message', i + 1, r)).join('\n');

describe('a thread whose opening post is longer than its replies together', () => {
  it('reads the replies as posts and as text when they are sibling posts of the opening one', () => {
    const r = extract(Buffer.from(page(`<div class="thread">${opening}\n${replies}</div>`)));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.article.paragraphs).toEqual([...OPENING, ...REPLIES]);
    expect(r.article.posts?.map((p) => p.text)).toEqual([OPENING.join('\n\n'), ...REPLIES]);
    expect(r.article.posts?.[2]).toMatchObject({ author: 'skeptic99', publishedAt: '2024-05-03T08:00:00+00:00' });
    for (const chrome of ['Like', 'Quote', 'Joined', 'nightnurse']) expect(r.article.text).not.toContain(chrome);
  });

  it('reads them when they sit in a container named as comments, the opening post built as a reply is', () => {
    const r = extract(Buffer.from(page(`<div class="thread">${opening}\n<div class="comments">${replies}</div></div>`)));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.article.paragraphs).toEqual([...OPENING, ...REPLIES]);
    expect(r.article.posts?.map((p) => p.text)).toEqual([OPENING.join('\n\n'), ...REPLIES]);
    for (const chrome of ['Like', 'Quote', 'Reply']) expect(r.article.text).not.toContain(chrome);
  });

  it('keeps an article with comments below an article: its body is built unlike a comment', () => {
    const article = `<article class="story"><h2>Night buses to reach northern districts</h2><p class="byline">By <a rel="author" href="/jane">Jane Doe</a>, <time datetime="2024-05-01T07:00:00+00:00">May 1, 2024</time></p>
      <div class="story-body">${OPENING.map((p) => `<p>${p}</p>`).join('')}</div></article>`;
    const r = extract(Buffer.from(page(`<div class="thread">${article}\n<div class="comments">${replies}</div></div>`)));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.article.paragraphs).toEqual(OPENING);
    expect(r.article.posts?.map((p) => p.text)).toEqual(REPLIES);
  });
});
