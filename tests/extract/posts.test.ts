/**
 * Multi-post pages: a forum thread's text is every post (a copy may sit in the fifth), without
 * the posts' chrome; a Q&A page's text is the question and its answers; comments under a news
 * article are listed as posts and stay out of the article's text. Synthetic pages only.
 */
import { describe, expect, it } from 'vitest';
import { extract } from '../../src/extract/index.ts';

const PROSE = [
  'I have been running the same backup script for years and it finally failed last night, with a message about the archive being locked by another process.',
  'Did you check whether the scheduled task overlaps with the antivirus scan? On my machine the two collided every Sunday, and the lock error looked exactly the same.',
  'That was my first guess too, but the scan runs on Saturdays here. I also moved the archive to another disk, and the error still shows up after about ten minutes.',
  'Try running the script by hand with logging turned on, then look at the last lines before it stops. The log usually names the file it could not open.',
  // Post 5: the copy of a publisher's article paragraph, reposted in a forum reply.
  'The city council voted on Tuesday to extend the night bus network to the northern districts, a change that will add fourteen routes and about two hundred drivers by the spring.',
  'Thanks everyone, it was the indexing service holding the file open. Turning it off for that folder fixed the problem, and the script has run cleanly three nights in a row.',
];
const USERS = ['grumpy_admin', 'tapeworm', 'grumpy_admin', 'logreader', 'citywatcher', 'grumpy_admin'];

function phpbbThread(): string {
  const posts = PROSE.map(
    (text, i) => `
    <div id="p${1000 + i}" class="post has-profile ${i % 2 ? 'bg1' : 'bg2'}">
      <div class="inner">
        <dl class="postprofile" id="profile${1000 + i}">
          <dt><a href="./memberlist.php?u=${i}" class="username">${USERS[i]}</a></dt>
          <dd class="profile-rank">Regular member</dd>
          <dd class="profile-posts"><strong>Posts:</strong> <a href="#">${120 + i}</a></dd>
          <dd class="profile-joined"><strong>Joined:</strong> Mon Jan 0${i + 1}, 2018 9:14 am</dd>
        </dl>
        <div class="postbody">
          <h3><a href="#p${1000 + i}">Re: Backup script fails with a lock error</a></h3>
          <ul class="post-buttons"><li><a href="./posting.php?mode=quote" title="Reply with quote">Quote</a></li></ul>
          <p class="author"><a href="./viewtopic.php?p=${1000 + i}">Post</a> by <strong><a href="./memberlist.php?u=${i}" class="username">${USERS[i]}</a></strong> » <time datetime="2024-03-0${i + 1}T10:00:00+00:00">Sat Mar 0${i + 1}, 2024 10:00 am</time></p>
          <div class="content">${text}</div>
          <div id="sig${1000 + i}" class="signature">Sent from my toaster. Visit my homepage for free wallpapers and more.</div>
        </div>
      </div>
    </div>`,
  ).join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><title>Backup script fails with a lock error - Example Forums</title></head><body>
    <div id="wrap"><div class="headerbar"><h1>Example Forums</h1><p>Discussion boards about everything</p></div>
    <div class="navbar"><ul><li><a href="/">Board index</a></li><li><a href="/f/2">Software</a></li></ul></div>
    <div id="page-body">
      <h2 class="topic-title"><a href="#">Backup script fails with a lock error</a></h2>
      <div class="action-bar"><a href="./posting.php?mode=reply" class="button">Post Reply</a> 6 posts • Page 1 of 1</div>
      ${posts}
    </div>
    <div class="footer">Powered by phpBB® Forum Software © phpBB Limited</div></div></body></html>`;
}

describe('forum threads', () => {
  it("reads every post of a thread, the fifth (a copy) included, without the posts' chrome", () => {
    const r = extract(Buffer.from(phpbbThread()));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.article.posts?.map((p) => p.text)).toEqual(PROSE);
    expect(r.article.text).toContain(PROSE[4]);
    expect(r.article.paragraphs).toEqual(PROSE);
    for (const chrome of ['Joined', 'Sent from my toaster', 'Quote', 'grumpy_admin', 'Regular member']) expect(r.article.text).not.toContain(chrome);
    expect(r.article.posts?.[4]).toMatchObject({ author: 'citywatcher', publishedAt: '2024-03-05T10:00:00+00:00' });
    // The posts' chrome is the page's chrome (a mirror carries it along).
    expect(r.chrome).toContain('Sent from my toaster. Visit my homepage for free wallpapers and more.');
  });

  it('reads a forum that serves its posts to crawlers inside <noscript>', () => {
    const posts = PROSE.slice(0, 3)
      .map(
        (text, i) => `
      <div id="post_${i + 1}" itemprop="comment" itemscope itemtype="http://schema.org/Comment" class="topic-body crawler-post">
        <div class="crawler-post-meta"><span class="creator" itemprop="author"><a href="/u/${USERS[i]}"><span itemprop="name">${USERS[i]}</span></a></span>
          <span class="crawler-post-infos"><time itemprop="datePublished" datetime="2024-09-0${i + 1}T23:15:00Z" class="post-time">September ${i + 1}, 2024, 11:15pm</time></span></div>
        <div class="post" itemprop="text"><p>${text}</p></div>
        <div class="crawler-linkback-list"></div>
      </div>`,
      )
      .join('\n');
    const html = `<!doctype html><html><head><meta charset="utf-8"><title>Backup script fails - Community</title></head><body>
      <noscript><p>Please enable JavaScript to use this site.</p></noscript>
      <section id="main"></section>
      <noscript data-path="/t/backup-script-fails/42"><header class="d-header"><a href="/">Community</a></header>
        <div id="main-outlet" class="wrap" role="main"><div id="topic-title"><h1><a href="/t/42">Backup script fails</a></h1></div>
        ${posts}
        <footer class="container wrap"><nav class="crawler-nav"><ul><li><a href="/">Home</a></li><li><a href="/categories">Categories</a></li></ul></nav></footer></div>
      </noscript></body></html>`;
    const r = extract(Buffer.from(html));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.article.paragraphs).toEqual(PROSE.slice(0, 3));
    expect(r.article.posts?.map((p) => p.author)).toEqual(USERS.slice(0, 3));
  });
});

describe('Q&A pages', () => {
  it('reads the question and every answer, in order, without vote counts and user cards', () => {
    const card = (user: string, verb: string) =>
      `<div class="post-signature"><div class="user-info"><div class="user-action-time">${verb} Jun 29, 2012 at 10:51</div><div class="user-details"><a href="/users/1/${user}">${user}</a><div class="-flair"><span class="reputation-score">4,811</span></div></div></div></div>`;
    const question = `<div id="question" class="question js-question" data-questionid="1"><div class="post-layout">
        <div class="votecell"><div class="js-vote-count">12</div></div>
        <div class="postcell post-layout--right"><div class="s-prose js-post-body" itemprop="text"><p>${PROSE[0]}</p><p>${PROSE[1]}</p></div>
        <div class="post-taglist"><a class="post-tag" href="/tags/backup">backup</a></div>
        <div class="mt24"><a href="#" class="js-share-link">Share</a> <a href="#">Improve this question</a> <a href="#">Follow</a></div>${card('asker', 'asked')}</div></div></div>`;
    const answer = (
      n: number,
      text: string,
    ) => `<div id="answer-${n}" class="answer js-answer" itemprop="suggestedAnswer" itemscope itemtype="https://schema.org/Answer"><div class="post-layout">
        <div class="votecell"><div class="js-vote-count">${n}</div></div>
        <div class="answercell post-layout--right"><div class="s-prose js-post-body" itemprop="text"><p>${text}</p></div>
        <div class="mt24"><a href="#" class="js-share-link">Share</a> <a href="#">Improve this answer</a> <a href="#">Follow</a></div>${card(`user${n}`, 'answered')}</div></div></div>`;
    const html = `<!doctype html><html><head><meta charset="utf-8"><title>Why does my backup script fail with a lock error? - Example Q&amp;A</title></head><body>
      <header class="s-topbar"><a href="/">Example Q&amp;A</a><a href="/questions">Questions</a></header>
      <div id="content"><div id="question-header"><h1 itemprop="name"><a href="/q/1">Why does my backup script fail with a lock error?</a></h1></div>
      <div id="mainbar" role="main">${question}
      <div id="answers"><div id="answers-header"><h2>3 Answers</h2><div>Sorted by: Highest score (default)</div></div>
      ${answer(31, PROSE[3])}${answer(32, PROSE[4])}${answer(33, PROSE[5])}</div></div>
      <div id="sidebar"><div class="s-sidebarwidget"><ul><li><a href="/q/2">How do I back up my entire system?</a></li></ul></div></div></div></body></html>`;
    const r = extract(Buffer.from(html));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.article.paragraphs).toEqual([PROSE[0], PROSE[1], PROSE[3], PROSE[4], PROSE[5]]);
    expect(r.article.posts?.length).toBe(4);
    expect(r.article.posts?.[2].author).toBe('user32');
    for (const chrome of ['Improve this answer', 'answered Jun', '4,811']) expect(r.article.text).not.toContain(chrome);
  });
});

describe('comments under a news article', () => {
  const ARTICLE = [
    'The city council voted on Tuesday to extend the night bus network to the northern districts, a change that will add fourteen routes and about two hundred drivers by the spring.',
    'Council members said the extension answers years of complaints from shift workers, who have relied on taxis or long walks after the last trains leave the centre at midnight.',
    'The transport authority estimates the routes will cost twelve million a year to run, of which the national government has agreed to cover about a third for the first five years.',
    'Opposition members welcomed the plan but asked for a review after the first winter, to see whether the buses run full enough to justify keeping every one of the new routes.',
  ];
  const COMMENTS = [
    'About time. I have been walking home from the hospital at two in the morning for years because nothing runs after midnight in our part of town.',
    'Fourteen routes sounds generous, but I will believe it when I see the drivers. They could not even staff the daytime lines properly last winter.',
    'A third from the national government for five years, and then what? The city will be left paying the whole bill once the grant runs out.',
  ];
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>Night buses to reach northern districts | Example News</title>
    <meta property="og:title" content="Night buses to reach northern districts"></head><body>
    <nav class="site-nav"><a href="/">Home</a><a href="/city">City</a><a href="/sport">Sport</a></nav>
    <main><article class="story"><h1>Night buses to reach northern districts</h1><p class="byline">By Jane Doe</p>
      <div class="story-body">${ARTICLE.map((p) => `<p>${p}</p>`).join('')}</div></article>
    <section id="comments" class="comments-area"><h2>3 comments</h2><ol class="comment-list">
      ${COMMENTS.map(
        (c, i) => `<li id="comment-${i + 1}" class="comment depth-1"><article class="comment-body">
        <footer class="comment-meta"><div class="comment-author vcard"><b class="fn">reader${i + 1}</b> <span class="says">says:</span></div>
        <div class="comment-metadata"><a href="#comment-${i + 1}"><time datetime="2024-05-0${i + 1}T08:00:00+00:00">May ${i + 1}, 2024 at 8:00 am</time></a></div></footer>
        <div class="comment-content"><p>${c}</p></div><div class="reply"><a class="comment-reply-link" href="#">Reply</a></div></article></li>`,
      ).join('')}
    </ol></section></main><footer class="site-footer">© Example News. All rights reserved.</footer></body></html>`;

  it('keeps the article text the article and lists the comments as posts', () => {
    const r = extract(Buffer.from(html));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.article.paragraphs).toEqual(ARTICLE);
    for (const c of COMMENTS) expect(r.article.text).not.toContain(c);
    expect(r.article.posts?.map((p) => p.text)).toEqual(COMMENTS);
    expect(r.article.posts?.[1]).toMatchObject({ author: 'reader2', publishedAt: '2024-05-02T08:00:00+00:00' });
  });

  it('gives no posts for a plain article', () => {
    const plain = html.replace(/<section id="comments"[\s\S]*<\/section>/, '');
    const r = extract(Buffer.from(plain));
    expect(r.ok && r.article.paragraphs).toEqual(ARTICLE);
    expect(r.ok && r.article.posts).toBeUndefined();
  });
});

describe('forums without class names', () => {
  /** An old forum or a mailing-list archive: one table row per post, the user and date in one cell, the body and a signature in the other. */
  const tableThread = (
    withDates: boolean,
  ) => `<!doctype html><html><head><meta charset="utf-8"><title>Backup script fails with a lock error</title></head><body>
    <p><a href="/">Index</a> | <a href="/search">Search</a> | <a href="/faq">FAQ</a></p>
    <h1>Backup script fails with a lock error</h1>
    <table width="100%" border="0" cellpadding="4">
    ${PROSE.map(
      (
        text,
        i,
      ) => `<tr><td valign="top" width="150"><b>${USERS[i]}</b><br><font size="1">${withDates ? `2024-03-0${i + 1} 10:00<br>` : ''}Posts: ${120 + i}</font></td>
      <td valign="top">${text}<br><br><font size="1">--<br>Sent from my toaster. Visit my homepage for free wallpapers and more.</font><br><a href="#">Reply</a> | <a href="#">Quote</a></td></tr>
      <tr><td colspan="2"><hr></td></tr>`,
    ).join('\n')}
    </table><p>Powered by an old forum script</p></body></html>`;

  it('reads every dated row as a post, without the user column and the signature below "--"', () => {
    const r = extract(Buffer.from(tableThread(true)));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.article.posts?.map((p) => p.text)).toEqual(PROSE);
    expect(r.article.paragraphs).toEqual(PROSE);
    for (const chrome of ['Sent from my toaster', 'grumpy_admin', 'Posts:', 'Reply | Quote']) expect(r.article.text).not.toContain(chrome);
  });

  it('does not read rows without a date of their own as posts', () => {
    const r = extract(Buffer.from(tableThread(false)));
    expect(r.ok && r.article.posts).toBeUndefined();
  });
});

describe('a thread whose opening post has a markup of its own', () => {
  it('reads the opening post first, then every reply', () => {
    const opening = `<div class="topic-starter"><div class="starter-meta"><a class="name" href="/u/1">${USERS[0]}</a> <span>March 1, 2024</span></div>
      <div class="topic-text"><p>${PROSE[0]}</p></div></div>`;
    const replies = PROSE.slice(1)
      .map(
        (text, i) => `<div class="reply"><div class="reply-meta"><a href="/u/${i + 2}">${USERS[i + 1]}</a> <span>March ${i + 2}, 2024</span></div>
        <div class="reply-text">${text}</div><div class="reply-actions"><a href="#">Reply</a> <a href="#">Quote</a></div></div>`,
      )
      .join('\n');
    const html = `<!doctype html><html><head><meta charset="utf-8"><title>Backup script fails with a lock error</title></head><body>
      <nav><a href="/">Home</a> <a href="/forums">Forums</a></nav><h1>Backup script fails with a lock error</h1>
      ${opening}<h3>5 replies</h3><div class="replies">${replies}</div><footer>© Example Forums</footer></body></html>`;
    const r = extract(Buffer.from(html));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.article.paragraphs).toEqual(PROSE);
    expect(r.article.posts?.map((p) => p.text)).toEqual(PROSE);
  });
});
