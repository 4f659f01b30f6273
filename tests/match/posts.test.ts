/**
 * Copies inside posts: a repost of one later post of a thread (the 4th of 10) on another site is
 * a copy of the thread, and a forum thread whose 6th post pastes a publisher's article is a copy
 * of that article; found pairwise (`compare`) and through the corpus index, from pages extracted
 * as the scan extracts them. Synthetic pages only.
 */
import { describe, expect, it } from 'vitest';
import { extract } from '../../src/extract/index.ts';
import { CorpusIndex, compare, indexEntryFor, matchSuspect, preparePage, type PreparedPage } from '../../src/match/index.ts';
import { ARTICLES } from '../support/web/articles.ts';
import { ARTICLES_EN } from '../support/web/articles-en.ts';

function prepared(html: string, url: string): PreparedPage {
  const r = extract(Buffer.from(html), { url });
  if (!r.ok) throw new Error(`${url}: ${r.reason}`);
  return preparePage(r.article, r.chrome, r.pageText);
}

/** A Discuz!-like thread: each post a table with a user column, a post number, a date, a signature and buttons. */
function discuzThread(bodies: string[][]): string {
  const posts = bodies
    .map(
      (ps, i) => `<div id="post_${300 + i}"><table id="pid${300 + i}" class="plhin" cellspacing="0" cellpadding="0"><tr>
<td class="pls" rowspan="2"><div class="pi"><div class="authi"><a href="space-uid-${i}.html" class="xw1">网友${i + 1}号</a></div></div><dl><dt>积分</dt><dd>${120 + i}</dd></dl></td>
<td class="plc"><div class="pi"><strong><a href="#pid${300 + i}"><em>${i + 1}</em><sup>#</sup></a></strong><div class="pti"><div class="authi"><em id="authorposton${300 + i}">发表于 2024-3-${i + 1} 10:0${i % 10}</em> | <a href="#">只看该作者</a></div></div></div>
<div class="pct"><div class="pcb"><div class="t_fsz"><table cellspacing="0" cellpadding="0"><tr><td class="t_f" id="postmessage_${300 + i}">${ps.join('<br>\n<br>\n')}</td></tr></table></div></div></div></td></tr>
<tr><td class="plc plm"><div class="sign">签名：天道酬勤。</div></td></tr>
<tr><td class="pls"></td><td class="plc"><div class="po"><a href="#">回复</a> <a href="#">引用</a> <a href="#">举报</a></div></td></tr></table></div>`,
    )
    .join('\n');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>石化行业见闻汇总 - 某某论坛</title></head><body>
<div id="hd"><ul><li><a href="/">首页</a></li><li><a href="/forum">论坛</a></li><li><a href="/login">登录</a></li></ul></div>
<div id="pt"><a href="/">首页</a> › <a href="/forum-2">行业交流</a></div>
<div id="ct"><div id="postlist" class="pl bm"><h1 class="ts"><span id="thread_subject">石化行业见闻汇总</span></h1>${posts}</div></div>
<div id="ft">© 2024 某某论坛 版权所有 | 联系我们</div></body></html>`;
}

function newsPage(title: string, paragraphs: string[], lang: string): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${title}</title></head><body>
<header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/about">About</a></nav></header>
<article><h1>${title}</h1>${paragraphs.map((p) => `<p>${p}</p>`).join('\n')}</article>
<footer>© 2024 Example Media</footer></body></html>`;
}

/** Ten posts, each one to four paragraphs of a different article; the 4th is four paragraphs of annual-meeting. */
const BODIES: string[][] = ARTICLES.slice(0, 10).map((a, i) =>
  i === 3 ? ARTICLES.find((x) => x.id === 'annual-meeting')!.paragraphs.slice(0, 4) : a.paragraphs.slice(0, 1 + (i % 2)),
);

describe('a repost of one later post of a thread', () => {
  const thread = prepared(discuzThread(BODIES), 'https://bbs.example.cn/thread-1-1-1.html');
  const repost = prepared(newsPage('年会见闻', BODIES[3], 'zh-CN'), 'https://copier.example.net/a/1.html');

  it('the thread is read as ten posts, the 4th among them', () => {
    expect(thread.article.posts?.length).toBe(10);
    expect(thread.article.posts?.[3].text).toBe(BODIES[3].join('\n\n'));
  });

  it('is a copy of the thread, with its passages in the 4th post', () => {
    const c = compare(thread, repost);
    expect(c.verdict).not.toBe('none');
    const post = thread.article.text.indexOf(BODIES[3][0]);
    expect(c.passages.length).toBeGreaterThan(0);
    for (const p of c.passages) {
      expect(p.original.start).toBeGreaterThanOrEqual(post);
      expect(p.original.end).toBeLessThanOrEqual(post + BODIES[3].join('\n\n').length);
    }
  });

  it('is found through the corpus index among other threads and articles', () => {
    const other = prepared(discuzThread(ARTICLES.slice(10, 20).map((a) => a.paragraphs.slice(0, 2))), 'https://bbs.example.cn/thread-2-1-1.html');
    const byId = new Map<string, PreparedPage>([
      ['thread-1', thread],
      ['thread-2', other],
    ]);
    const index = new CorpusIndex();
    for (const [id, page] of byId) index.add(indexEntryFor(id, page));
    const found = matchSuspect(index, (id) => byId.get(id), repost);
    expect(found.map((m) => m.articleId)).toEqual(['thread-1']);
  });
});

/** A XenForo-like thread of eight posts; the 6th pastes three paragraphs of a publisher's article. */
function xenforoThread(bodies: string[]): string {
  const posts = bodies
    .map(
      (body, i) => `<article class="message message--post" data-author="user${i}" id="js-post-${700 + i}"><div class="message-inner">
<div class="message-cell message-cell--user"><div class="message-userDetails"><h4 class="message-name"><a href="/members/${i}/" class="username">member_${i}</a></h4><h5 class="userTitle">Well-known member</h5></div>
<dl class="pairs"><dt>Joined</dt><dd>Mar 2019</dd></dl><dl class="pairs"><dt>Messages</dt><dd>${200 + i * 31}</dd></dl></div>
<div class="message-cell message-cell--main"><header class="message-attribution"><time class="u-dt" datetime="2024-05-0${(i % 9) + 1}T09:00:00+0000">May ${(i % 9) + 1}, 2024</time> <a href="#post-${i}">#${i + 1}</a></header>
<div class="message-content"><article class="message-body"><div class="bbWrapper">${body}</div></article><aside class="message-signature"><div class="bbWrapper">Two boats, no time.</div></aside></div>
<footer class="message-footer"><a href="#" class="actionBar-action--like">Like</a> <a href="#" class="actionBar-action--reply">Reply</a></footer></div></div></article>`,
    )
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Offshore wind near the harbor? | Coastal Forums</title></head><body>
<nav><a href="/">Forums</a> <a href="/whats-new/">What's new</a> <a href="/login/">Log in</a></nav>
<h1 class="p-title-value">Offshore wind near the harbor?</h1><div class="block-body">${posts}</div>
<footer>Community platform by XenForo® © 2010-2024</footer></body></html>`;
}

const HARBOR = ARTICLES_EN.find((a) => a.id === 'harbor-wind')!;
const CHAT = [
  'Has anyone heard what the port authority plans to do with the old breakwater? My neighbour says they want to put turbines out there.',
  'No idea about the turbines, but the breakwater has needed repairs for years. Every winter storm takes another chunk of it.',
  'I fish off that breakwater most weekends and nobody from the port has said a word to us anglers about any construction.',
  'They held a meeting at the library last month. Half the room was worried about the view, the other half about the jobs.',
  'The view argument never convinces me. We already look at cranes and container stacks all day long.',
  HARBOR.paragraphs.slice(1, 4).join('<br>\n<br>\n'),
  'Thanks for posting that. So it is real after all, and it sounds like the work would start sooner than I expected.',
  'Good to know. I will ask at the next council meeting whether the fishing spots stay open during construction.',
];

describe("a forum thread that pastes a publisher's article in a later post", () => {
  const article = prepared(newsPage('Harbor wind farm', HARBOR.paragraphs, 'en'), 'https://publisher.example.com/news/harbor-wind');
  const thread = prepared(xenforoThread(CHAT), 'https://forums.example.org/threads/offshore-wind.42/');

  it('is a copy of the article, its passages inside the 6th post', () => {
    expect(thread.article.posts?.length).toBe(8);
    const c = compare(article, thread);
    expect(c.verdict).not.toBe('none');
    const post = thread.article.text.indexOf(HARBOR.paragraphs[1]);
    expect(post).toBeGreaterThan(thread.article.text.indexOf(CHAT[4]));
    for (const p of c.passages) expect(p.suspect.start).toBeGreaterThanOrEqual(post);
  });

  it("is found through the corpus index of the publisher's articles", () => {
    const byId = new Map<string, PreparedPage>(
      ARTICLES_EN.map((a) => [a.id, prepared(newsPage(a.id, a.paragraphs, 'en'), `https://publisher.example.com/news/${a.id}`)]),
    );
    const index = new CorpusIndex();
    for (const [id, page] of byId) index.add(indexEntryFor(id, page));
    const found = matchSuspect(index, (id) => byId.get(id), thread);
    expect(found.map((m) => m.articleId)).toEqual(['harbor-wind']);
  });
});
