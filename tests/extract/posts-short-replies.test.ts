/**
 * Threads whose later posts are short: a long opening post (a whole article) and replies of one
 * sentence, in class-named, nested and class-less markup. The replies are posts and part of the
 * text; a comment form's prompt, or a class-less list of dated one-sentence teasers, is not a
 * reply. Synthetic pages only.
 */
import { describe, expect, it } from 'vitest';
import { extract } from '../../src/extract/index.ts';

const OPENING = [
  'The city council voted on Tuesday to extend the night bus network to the northern districts, a change that will add fourteen routes and about two hundred drivers by the spring.',
  'Council members said the extension answers years of complaints from shift workers, who have relied on taxis or long walks after the last trains leave the centre at midnight.',
  'The transport authority estimates the routes will cost twelve million a year to run, of which the national government has agreed to cover about a third for the first five years.',
  'Opposition members welcomed the plan but asked for a review after the first winter, to see whether the buses run full enough to justify keeping every one of the new routes.',
];
/** One sentence each, under 12 words: the block classifier calls each short, not prose. */
const REPLIES = [
  'About time, I walk home from the hospital at two.',
  'Who is going to drive them at that pay?',
  'And then the city pays the whole bill alone.',
];
const USERS = ['busfan', 'nightnurse', 'skeptic99', 'ledger'];

const page = (
  body: string,
) => `<!doctype html><html><head><meta charset="utf-8"><title>Night buses to reach northern districts - Example Forums</title></head><body>
  <nav><a href="/">Home</a> <a href="/forums">Forums</a> <a href="/search">Search</a></nav>
  <main><h1>Night buses to reach northern districts</h1>${body}</main>
  <footer>© Example Forums. Contact us | Privacy</footer></body></html>`;

/** A forum's post: a header with the user and the date, the body, a row of buttons. */
const post = (kind: string, i: number, body: string) => `<div class="${kind}" id="${kind}-${i}">
  <div class="${kind}-head"><a class="username" href="/u/${i}">${USERS[i]}</a> <time datetime="2024-05-0${i + 1}T08:00:00+00:00">May ${i + 1}, 2024</time></div>
  <div class="${kind}-body">${body}</div>
  <div class="${kind}-foot"><a href="#">Like</a> <a href="#">Quote</a> <a href="#">Reply</a></div></div>`;

const opening = post('topic', 0, OPENING.map((p) => `<p>${p}</p>`).join(''));

describe('replies of one sentence', () => {
  it('reads each one-sentence reply as a post and as text, in a container named as comments', () => {
    const replies = REPLIES.map((r, i) => post('message', i + 1, r)).join('\n');
    const r = extract(Buffer.from(page(`<div class="thread">${opening}\n<div class="comments">${replies}</div></div>`)));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.article.posts?.map((p) => p.text)).toEqual([OPENING.join('\n\n'), ...REPLIES]);
    expect(r.article.paragraphs).toEqual([...OPENING, ...REPLIES]);
    expect(r.article.posts?.[2]).toMatchObject({ author: 'skeptic99', publishedAt: '2024-05-03T08:00:00+00:00' });
    for (const chrome of ['Like', 'Quote', 'nightnurse']) expect(r.article.text).not.toContain(chrome);
  });

  it('reads nested replies (a reply inside the comment it answers) each as its own post', () => {
    const comment = (i: number, body: string, children = '') => `<div class="thing comment" id="thing_${i}">
      <p class="tagline"><a class="author" href="/user/${i}">${USERS[i]}</a> <time datetime="2024-05-0${i + 1}T08:00:00+00:00">${i} hours ago</time></p>
      <div class="usertext"><div class="md"><p>${body}</p></div></div>
      <ul class="buttons"><li><a href="#">permalink</a></li><li><a href="#">reply</a></li></ul>
      <div class="child">${children}</div></div>`;
    const topic = `<div class="topic-thing"><p class="topic-tagline"><a class="topic-author" href="/user/0">${USERS[0]}</a> <time datetime="2024-05-01T08:00:00+00:00">5 hours ago</time></p>
      <div class="topic-usertext"><div class="topic-md">${OPENING.map((p) => `<p>${p}</p>`).join('')}</div></div>
      <ul class="topic-buttons"><li><a href="#">permalink</a></li><li><a href="#">reply</a></li></ul><div class="topic-child"></div></div>`;
    const tree = comment(1, REPLIES[0], comment(2, REPLIES[1])) + comment(3, REPLIES[2]);
    const r = extract(Buffer.from(page(`<div class="listing">${topic}\n<div class="comments">${tree}</div></div>`)));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.article.posts?.map((p) => p.text)).toEqual([OPENING.join('\n\n'), ...REPLIES]);
    expect(r.article.posts?.slice(1).map((p) => p.author)).toEqual(USERS.slice(1));
    expect(r.article.paragraphs).toEqual([...OPENING, ...REPLIES]);
  });

  it('does not take a comment form under an article for a reply', () => {
    // Two blocks of one shape, the article and the comment form, the form holding only prompts.
    const html = page(`<div class="post-17 post hentry"><div class="entry">${OPENING.map((p) => `<p>${p}</p>`).join('')}</div></div>
      <p>Tags: <a href="/t/buses">buses</a>, <a href="/t/council">council</a></p>
      <div class="post-17 post hentry"><h3>One response</h3><form><p>Type your comment here...</p><p>Please log in to post your comment.</p><button>Post</button></form></div>`);
    const r = extract(Buffer.from(html));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.article.paragraphs).toEqual(OPENING);
    expect(r.article.posts).toBeUndefined();
  });
});

describe('replies in class-less markup', () => {
  /** An old board's table: the opening post's row, then the replies' rows in a body named as comments. */
  const row = (
    i: number,
    body: string,
  ) => `<tr><td valign="top" width="150"><b>${USERS[i]}</b><br><font size="1">2024-05-0${i + 1} 10:00<br>Posts: ${120 + i}</font></td>
    <td valign="top">${body}<br><br><a href="#">Reply</a> | <a href="#">Quote</a></td></tr><tr><td colspan="2"><hr></td></tr>`;
  const table = (replies: string[]) =>
    page(
      `<table width="100%" border="0" cellpadding="4">${row(0, OPENING.join('<br><br>'))}<tbody class="comments">${replies.map((r, i) => row(i + 1, r)).join('\n')}</tbody></table>`,
    );

  // The links in the body's own cell ("Reply | Quote") stay in each post's text: a line of the
  // cell, not a block of its own (a signature delimiter above them would end the text).
  const texts = (r: ReturnType<typeof extract>) => (r.ok ? (r.article.posts ?? []).map((p) => p.text.replace(/\n\nReply \| Quote$/, '')) : []);

  it('reads a class-less table of one-sentence replies below a long opening post', () => {
    const r = extract(Buffer.from(table(REPLIES)));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(texts(r)).toEqual([OPENING.join('\n\n'), ...REPLIES]);
    for (const reply of REPLIES) expect(r.article.paragraphs).toContain(reply);
    for (const chrome of ['Posts:', '2024-05-03', 'nightnurse']) expect(r.article.text).not.toContain(chrome);
  });

  it('reads two class-less replies when their container is named as comments', () => {
    const r = extract(Buffer.from(table(REPLIES.slice(0, 2))));
    expect(texts(r)).toEqual([OPENING.join('\n\n'), ...REPLIES.slice(0, 2)]);
  });

  it('reads a class-less list of replies, the opening post a list of one above it', () => {
    const item = (i: number, body: string) =>
      `<li><div><b>${USERS[i]}</b> &middot; <small>2024-05-0${i + 1}</small></div><div>${body}</div><div><a href="#">Reply</a> <a href="#">Quote</a></div></li>`;
    const html = page(
      `<ol>${item(0, OPENING.map((p) => `<p>${p}</p>`).join(''))}</ol><ol class="comments">${REPLIES.map((r, i) => item(i + 1, `<p>${r}</p>`)).join('\n')}</ol>`,
    );
    const r = extract(Buffer.from(html));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.article.posts?.map((p) => p.text)).toEqual([OPENING.join('\n\n'), ...REPLIES]);
    expect(r.article.paragraphs).toEqual([...OPENING, ...REPLIES]);
  });

  it('reads class-less replies that hold their own header (a name and date line, then the text, then links)', () => {
    const whole = (i: number, body: string) =>
      `<div><p><b>${USERS[i]}</b> wrote on 2024-05-0${i + 1}:</p><p>${body}</p><p><small>Sent from my phone</small> <a href="#">Reply</a></p></div><hr>`;
    const html = page(`<div>${whole(0, OPENING.join('</p><p>'))}<div class="comments">${REPLIES.map((r, i) => whole(i + 1, r)).join('\n')}</div></div>`);
    const r = extract(Buffer.from(html));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.article.posts?.map((p) => p.text)).toEqual([OPENING.join('\n\n'), ...REPLIES]);
    expect(r.article.paragraphs).toEqual([...OPENING, ...REPLIES]);
    for (const chrome of ['wrote on', 'Sent from my phone', 'Reply']) expect(r.article.text).not.toContain(chrome);
  });

  it('does not read a class-less list of dated one-sentence teasers below an article as replies', () => {
    const teasers = [
      'Tram line to the airport delayed again.',
      'Cycle lanes on the ring road get a second look.',
      'Parking fees rise in the old town from May.',
    ];
    const html = page(`<article>${OPENING.map((p) => `<p>${p}</p>`).join('')}</article>
      <div><h3>More from the city desk</h3><ul>${teasers.map((t, i) => `<li><a href="/story/${i}">Story ${i + 1}</a><div>${t}</div><div>2024-05-0${i + 1}</div></li>`).join('')}</ul></div>`);
    const r = extract(Buffer.from(html));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.article.paragraphs).toEqual(OPENING);
    expect(r.article.posts).toBeUndefined();
  });
});
