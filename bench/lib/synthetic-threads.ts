/**
 * Synthetic thread pages in common forum markups, with human-written post bodies: paragraphs of
 * the human references of aeb (English) and cwced (Chinese), a few per post, each post's from
 * another article. Around every body the markup's own per-post chrome (user card, date, post
 * number, signature, vote and reply buttons, a quote of an earlier post) and the page's chrome
 * (menus, breadcrumbs, a sidebar, a footer). The truth is known: every post's body, and the
 * quotes the posts carry (text of the page's posts shown again, neither body nor chrome).
 */
import { escapeHtml } from '../../src/report/escape.ts';
import { pick, rng, shuffle } from '../matching/rng.ts';

export type Markup =
  'phpBB' | 'Discourse' | 'vBulletin' | 'XenForo' | 'Stack Exchange' | 'Reddit-like' | 'Discuz!' | 'plain table' | 'plain list' | 'plain divs';
/** `plain list`: a hand-made comment list without class names, one `<li>` a post: a header `<div>` (name, date), the body's `<div>`, a `<div>` of links. */
export const MARKUPS: Markup[] = [
  'phpBB',
  'Discourse',
  'vBulletin',
  'XenForo',
  'Stack Exchange',
  'Reddit-like',
  'Discuz!',
  'plain table',
  'plain list',
  'plain divs',
];

export interface SyntheticThread {
  markup: Markup;
  lang: 'en' | 'zh';
  html: string;
  /** Each post's body text, in page order (paragraphs joined by blank lines). */
  bodies: string[];
  /** Text shown inside the posts as quotes of earlier posts. */
  quotes: string[];
  /** Text of the per-post chrome (names, dates, signatures, buttons). */
  chrome: string[];
  /** `related-list`: the related threads' titles and summaries (text that must stay out). */
  related: string[];
}

interface PostData {
  n: number;
  author: string;
  date: string;
  paragraphs: string[];
  quote: string | null;
  quoteAuthor: string | null;
  signature: string;
}

const NAMES_EN = ['rustyhinge', 'MarthaK', 'old_sailor_77', 'Quill', 'dbrennan', 'SkepticalOwl', 'nadia.r', 'TomW', 'pixelfarmer', 'Greyhound42'];
const NAMES_ZH = ['老王头', '风清扬', '小鱼儿2019', '青山依旧', '追风少年', '月下独酌', '阿杰', '晨曦微露', '路人甲', '海阔天空'];
const SIG_EN = ['Sent from my phone, please excuse typos.', 'Current rig: two bikes, one garage, zero space.', 'Opinions are mine alone.'];
const SIG_ZH = ['签名：天道酬勤，厚德载物。', '本帖仅代表个人观点。', '生活不止眼前的苟且。'];

/**
 * Variants of a thread: `long-opening`, the opening post a whole human-reference article (all its
 * prose paragraphs, at least four) in a markup of its own (a topic starter: the markup's post with
 * every class word and id prefixed `topic-`; the plain table's has no classes) and 2 to 5 short
 * replies, so the opening post outweighs the replies together; `comments-container`, the same
 * with the replies in a container of their own named as comments (`<div class="comments">`);
 * `related-list`, a regular thread with a class-less list of 5 to 8 related threads inside
 * `<main>` beside the posts ("Similar threads", 相关帖子, "Related questions"), each item a link
 * to another thread (a title from another article) and a one-sentence summary, no author or date
 * per item, in one of five layouts (list items with a paragraph, list items with the summary
 * inline after a dash, divs with a line break, a definition list of linked terms, linked headings
 * each over a paragraph with no wrapper), after the posts or (a quarter) before them.
 */
export type ThreadVariant = 'regular' | 'long-opening' | 'comments-container' | 'related-list';

/**
 * Threads of `posts` posts from the given pools of paragraphs (one pool per source article),
 * `perMarkup` threads per markup.
 */
export function syntheticThreads(
  pools: string[][],
  lang: 'en' | 'zh',
  perMarkup: number,
  posts: number,
  seed: number,
  variant: ThreadVariant = 'regular',
): SyntheticThread[] {
  const random = rng(seed);
  const long = variant === 'long-opening' || variant === 'comments-container';
  const out: SyntheticThread[] = [];
  const usable = pools.filter((p) => p.length >= 1);
  for (const markup of MARKUPS) {
    for (let t = 0; t < perMarkup; t++) {
      const names = lang === 'en' ? NAMES_EN : NAMES_ZH;
      const data: PostData[] = [];
      // Long openings: an article of at least 4 paragraphs opens, then 2 to 5 replies.
      const order = shuffle(usable, random);
      if (long) {
        const k = order.findIndex((pool) => pool.length >= 4);
        if (k > 0) order.unshift(...order.splice(k, 1));
      }
      const count = long ? 3 + Math.floor(random() * 4) : posts;
      for (const [k, pool] of order.slice(0, count).entries()) {
        const start = Math.floor(random() * pool.length);
        const count = 1 + Math.floor(random() * 3);
        // Half the replies are one sentence ("Same here, the 2019 model does it too."), as
        // most forum replies are; a long thread's replies are one sentence or one paragraph.
        const paragraphs =
          long && k === 0
            ? pool
            : long
              ? random() < 0.5
                ? [firstSentence(pool[start], lang)]
                : [pool[start]]
              : k > 0 && random() < 0.5
                ? [firstSentence(pool[start], lang)]
                : pool.slice(start, start + count);
        const earlier = data.length && random() < 0.3 ? pick(data, random) : null;
        data.push({
          n: k + 1,
          author: pick(names, random),
          date: `2024-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`,
          paragraphs,
          quote: earlier ? earlier.paragraphs[0].slice(0, 160) : null,
          quoteAuthor: earlier ? earlier.author : null,
          signature: pick(lang === 'en' ? SIG_EN : SIG_ZH, random),
        });
      }
      const title = data[0].paragraphs[0].slice(0, lang === 'en' ? 60 : 24);
      const chrome: string[] = [];
      const rendered = data.map((p) => renderPost(markup, lang, p, chrome));
      if (long)
        rendered[0] = rendered[0].replace(
          /\b(class|id)="([^"]*)"/g,
          (_, a: string, v: string) =>
            `${a}="${v
              .split(/\s+/)
              .filter(Boolean)
              .map((w) => `topic-${w}`)
              .join(' ')}"`,
        );
      // Reddit-like threads nest: every other reply sits in the previous comment's children.
      const pieces =
        markup === 'Reddit-like'
          ? rendered.map((html, k) =>
              k % 2 === 1 && k + 1 < rendered.length
                ? html.replace('<div class="child"></div>', `<div class="child"><div class="sitetable listing">${rendered[k + 1]}</div></div>`)
                : k % 2 === 0 && k > 0
                  ? ''
                  : html,
            )
          : rendered;
      // The replies in a container of their own, named as comments (a table's rows stay rows).
      const [open, close] =
        variant !== 'comments-container'
          ? ['', '']
          : markup === 'plain table'
            ? ['<tbody class="comments">', '</tbody>']
            : markup === 'plain list'
              ? ['</ol><ol class="comments">', '']
              : markup === 'plain divs'
                ? ['<div class="comments">', '</div>']
                : ['<div class="comments">', '</div>'];
      const body = [pieces[0], `${open}${pieces.slice(1).join('\n')}${close}`].join('\n');
      const related: string[] = [];
      const list = variant === 'related-list' ? relatedList(order.slice(count), lang, random, related) : null;
      out.push({
        markup,
        lang,
        html: page(markup, lang, title, body, list),
        bodies: data.map((p) => p.paragraphs.join('\n\n')),
        quotes: data.flatMap((p) => (p.quote ? [p.quote] : [])),
        chrome,
        related,
      });
    }
  }
  return out;
}

/**
 * A class-less list of related threads: a heading, then 5 to 8 items of a link (a title: the
 * opening words of another article's paragraph) and a one-sentence summary (another paragraph's
 * first sentence), with a reply count at times and no author or date. Its titles and summaries
 * are pushed to `text`.
 */
function relatedList(others: string[][], lang: 'en' | 'zh', random: () => number, text: string[]): { html: string; before: boolean } {
  const zh = lang === 'zh';
  const heading = zh ? pick(['相关帖子', '相似主题', '相关问题'], random) : pick(['Similar threads', 'Related questions', 'You may also like'], random);
  const layout = Math.floor(random() * 5);
  const n = 5 + Math.floor(random() * 4);
  const items: string[] = [];
  for (let k = 0; k < n && others.length; k++) {
    const pool = others[(k * 3 + Math.floor(random() * 3)) % others.length];
    const a = pool[Math.floor(random() * pool.length)];
    const b = pool[Math.floor(random() * pool.length)];
    const title = zh
      ? a.slice(0, 10 + Math.floor(random() * 10))
      : a
          .split(/\s+/)
          .slice(0, 5 + Math.floor(random() * 5))
          .join(' ');
    const summary = firstSentence(b, lang);
    text.push(title, summary);
    const replies = random() < 0.5 ? ` (${2 + Math.floor(random() * 60)} ${zh ? '回复' : 'replies'})` : '';
    const href = `/threads/${1000 + Math.floor(random() * 90000)}/`;
    items.push(
      layout === 0
        ? `<li><a href="${href}">${e(title)}</a>${replies}<p>${e(summary)}</p></li>`
        : layout === 1
          ? `<li><a href="${href}">${e(title)}</a> — ${e(summary)}${replies}</li>`
          : layout === 2
            ? `<div><a href="${href}">${e(title)}</a><br>${e(summary)}${replies}</div>`
            : layout === 3
              ? `<dt><a href="${href}">${e(title)}</a>${replies}</dt><dd>${e(summary)}</dd>`
              : `<h4><a href="${href}">${e(title)}</a></h4><p>${e(summary)}${replies}</p>`,
    );
  }
  const html =
    layout === 0 || layout === 1
      ? `<div><h3>${heading}</h3><ul>${items.join('\n')}</ul></div>`
      : layout === 3
        ? `<div><h3>${heading}</h3><dl>${items.join('\n')}</dl></div>`
        : `<div><h3>${heading}</h3>${items.join('\n')}</div>`;
  return { html, before: random() < 0.25 };
}

/** The paragraph's first sentence, or its first 30 words (Chinese: up to its first full stop, 50 characters at most). */
function firstSentence(p: string, lang: 'en' | 'zh'): string {
  if (lang === 'zh') {
    const end = p.search(/[。！？]/);
    return p.slice(0, end > 8 && end < 50 ? end + 1 : 50);
  }
  const m = /^.{30,}?[.!?](?=\s)/.exec(p);
  const s = m ? m[0] : p;
  return s.split(/\s+/).slice(0, 30).join(' ');
}

const e = escapeHtml;
const paras = (ps: string[]) => ps.map((p) => `<p>${e(p)}</p>`).join('');
const brs = (ps: string[]) => ps.map(e).join('<br>\n<br>\n');

function renderPost(markup: Markup, lang: 'en' | 'zh', p: PostData, chrome: string[]): string {
  const zh = lang === 'zh';
  const wrote = zh ? `${p.quoteAuthor} 发表于 ${p.date}` : `${p.quoteAuthor} wrote:`;
  const joined = zh ? `注册时间 2019-3-1` : `Joined: Mar 2019`;
  const count = zh ? `帖子 ${100 + p.n * 37}` : `Posts: ${100 + p.n * 37}`;
  const reply = zh ? '回复' : 'Reply';
  const quoteBtn = zh ? '引用' : 'Quote';
  chrome.push(p.author, p.date, p.signature, joined, count, reply, quoteBtn);
  switch (markup) {
    case 'phpBB': {
      const quote = p.quote ? `<blockquote><div><cite>${e(wrote)}</cite>${e(p.quote)}</div></blockquote>` : '';
      return `<div id="p${9000 + p.n}" class="post has-profile bg${(p.n % 2) + 1}"><div class="inner">
<dl class="postprofile" id="profile${9000 + p.n}"><dt class="has-profile-rank"><a href="/memberlist.php?u=${p.n}" class="username">${e(p.author)}</a></dt>
<dd class="profile-rank">${zh ? '高级会员' : 'Senior member'}</dd><dd class="profile-posts"><strong>${zh ? '帖子' : 'Posts:'}</strong> ${100 + p.n * 37}</dd><dd class="profile-joined"><strong>${zh ? '注册时间' : 'Joined:'}</strong> Mar 2019</dd></dl>
<div class="postbody"><div id="post_content${9000 + p.n}"><h3><a href="#p${9000 + p.n}">Re: ${zh ? '讨论' : 'discussion'}</a></h3>
<ul class="post-buttons"><li><a href="/posting.php?mode=quote&p=${p.n}" class="button"><span>${quoteBtn}</span></a></li></ul>
<p class="author"><a class="unread" href="#p${p.n}">${zh ? '帖子' : 'Post'}</a> by <strong><a href="/memberlist.php?u=${p.n}" class="username">${e(p.author)}</a></strong> &raquo; <time datetime="${p.date}T10:00:00+00:00">${p.date}</time></p>
<div class="content">${quote}${brs(p.paragraphs)}</div>
<div id="sig${9000 + p.n}" class="signature">${e(p.signature)}</div></div></div>
<div class="back2top"><a href="#top" class="top" title="Top">Top</a></div></div></div>
<hr class="divider">`;
    }
    case 'Discourse': {
      const quote = p.quote
        ? `<aside class="quote no-group" data-username="${e(p.quoteAuthor!)}"><div class="title">${e(p.quoteAuthor!)}:</div><blockquote><p>${e(p.quote)}</p></blockquote></aside>`
        : '';
      return `<div class="topic-post clearfix regular"><article id="post_${p.n}" aria-label="post #${p.n} by @${e(p.author)}" role="region" data-post-id="${700 + p.n}" class="boxed onscreen-post">
<div class="row"><div class="topic-avatar"><a class="trigger-user-card"><img alt="" width="45" height="45" src="/a.png" class="avatar"></a></div>
<div class="topic-body clearfix"><div role="heading" class="topic-meta-data"><div class="names trigger-user-card"><span class="first username"><a href="/u/${p.n}">${e(p.author)}</a></span></div>
<div class="post-infos"><div class="post-info post-date"><a class="post-date" href="/t/1/${p.n}"><span title="${p.date}" class="relative-date">${p.date}</span></a></div></div></div>
<div class="regular contents"><div class="cooked">${quote}${paras(p.paragraphs)}</div>
<section class="post-menu-area clearfix"><nav class="post-controls"><div class="actions"><button class="widget-button btn-flat like" title="like this post">${zh ? '赞' : 'Like'}</button><button class="widget-button btn-flat share">${zh ? '分享' : 'Share'}</button><button class="widget-button btn-flat reply create">${reply}</button></div></nav></section></div>
</div></div></article></div>`;
    }
    case 'vBulletin': {
      const quote = p.quote
        ? `<div style="margin:20px; margin-top:5px; "><div class="smallfont" style="margin-bottom:2px">${quoteBtn}:</div><table cellpadding="6" cellspacing="0" border="0" width="100%"><tr><td class="alt2" style="border:1px inset"><div>${zh ? '原帖由' : 'Originally Posted by'} <strong>${e(p.quoteAuthor!)}</strong></div><div style="font-style:italic">${e(p.quote)}</div></td></tr></table></div>`
        : '';
      return `<div id="edit${5000 + p.n}" style="padding:0px 0px 6px 0px"><table id="post${5000 + p.n}" class="tborder" cellpadding="6" cellspacing="0" border="0" width="100%" align="center">
<tr><td class="thead" style="font-weight:normal"><div class="normal" style="float:right">&nbsp;#<a href="showpost.php?p=${5000 + p.n}&amp;postcount=${p.n}" target="new" id="postcount${5000 + p.n}" name="${p.n}"><strong>${p.n}</strong></a> &nbsp;</div><div class="normal">${p.date}, 10:${10 + p.n} AM</div></td></tr>
<tr><td class="alt2" style="padding:0px"><table cellpadding="0" cellspacing="6" border="0" width="100%"><tr><td nowrap="nowrap"><div id="postmenu_${5000 + p.n}"><a class="bigusername" href="member.php?u=${p.n}">${e(p.author)}</a></div><div class="smallfont">${zh ? '资深会员' : 'Senior Member'}</div></td>
<td width="100%">&nbsp;</td><td valign="top" nowrap="nowrap"><div class="smallfont"><div>${zh ? '注册日期' : 'Join Date'}: Mar 2019</div><div>${zh ? '帖子' : 'Posts'}: ${100 + p.n * 37}</div></div></td></tr></table></td></tr>
<tr><td class="alt1" id="td_post_${5000 + p.n}"><div class="smallfont"><strong>Re: ${zh ? '讨论' : 'discussion'}</strong></div><hr size="1" style="color:#D1D1E1">
<div id="post_message_${5000 + p.n}">${quote}${brs(p.paragraphs)}</div>
<div>__________________<br>${e(p.signature)}</div></td></tr>
<tr><td class="alt2" align="right"><a href="newreply.php?do=newreply&amp;p=${p.n}" rel="nofollow">${quoteBtn}</a> <a href="newreply.php?p=${p.n}">${reply}</a></td></tr></table></div>`;
    }
    case 'XenForo': {
      const quote = p.quote
        ? `<blockquote data-attributes="" data-quote="${e(p.quoteAuthor!)}" class="bbCodeBlock bbCodeBlock--expandable bbCodeBlock--quote js-expandWatch"><div class="bbCodeBlock-title"><a href="#" class="bbCodeBlock-sourceJump">${e(wrote)}</a></div><div class="bbCodeBlock-content"><div class="bbCodeBlock-expandContent js-expandContent">${e(p.quote)}</div></div></blockquote>`
        : '';
      return `<article class="message message--post js-post js-inlineModContainer" data-author="${e(p.author)}" data-content="post-${800 + p.n}" id="js-post-${800 + p.n}">
<div class="message-inner"><div class="message-cell message-cell--user"><section class="message-user"><div class="message-avatar"><a href="/members/${p.n}/" class="avatar avatar--m"><img src="/a.jpg" alt="${e(p.author)}"></a></div>
<div class="message-userDetails"><h4 class="message-name"><a href="/members/${p.n}/" class="username">${e(p.author)}</a></h4><h5 class="userTitle message-userTitle">${zh ? '会员' : 'Well-known member'}</h5></div>
<div class="message-userExtras"><dl class="pairs pairs--justified"><dt>${zh ? '注册' : 'Joined'}</dt><dd>Mar 2019</dd></dl><dl class="pairs pairs--justified"><dt>${zh ? '帖子' : 'Messages'}</dt><dd>${100 + p.n * 37}</dd></dl></div></section></div>
<div class="message-cell message-cell--main"><div class="message-main js-quickEditTarget"><header class="message-attribution message-attribution--split"><ul class="message-attribution-main listInline"><li class="u-concealed"><a href="#post-${p.n}" rel="nofollow"><time class="u-dt" datetime="${p.date}T10:00:00+0000">${p.date}</time></a></li></ul><ul class="message-attribution-opposite listInline"><li><a href="#post-${p.n}">#${p.n}</a></li></ul></header>
<div class="message-content js-messageContent"><div class="message-userContent lbContainer js-lbContainer"><article class="message-body js-selectToQuote"><div class="bbWrapper">${quote}${brs(p.paragraphs)}</div><div class="js-selectToQuoteEnd">&nbsp;</div></article></div>
<aside class="message-signature"><div class="bbWrapper">${e(p.signature)}</div></aside></div>
<footer class="message-footer"><div class="message-actionBar actionBar"><div class="actionBar-set actionBar-set--external"><a href="#" class="actionBar-action actionBar-action--like">${zh ? '赞' : 'Like'}</a><a href="#" class="actionBar-action actionBar-action--mq">${quoteBtn}</a><a href="#" class="actionBar-action actionBar-action--reply">${reply}</a></div></div></footer>
</div></div></div></article>`;
    }
    case 'plain divs': {
      const quote = p.quote ? `<blockquote><p>${e(wrote)}</p><p>${e(p.quote)}</p></blockquote>` : '';
      return `<div><p><b>${e(p.author)}</b> ${zh ? '发表于' : 'wrote on'} ${p.date}:</p>
${quote}${paras(p.paragraphs)}
<p><small>${e(p.signature)}</small> <a href="#">${reply}</a></p></div><hr>`;
    }
    case 'plain list': {
      const quote = p.quote ? `<blockquote><div>${e(wrote)}</div>${e(p.quote)}</blockquote>` : '';
      return `<li><div><b>${e(p.author)}</b> &middot; <small>${p.date}</small></div>
<div>${quote}${paras(p.paragraphs)}</div>
<div><small>${e(p.signature)}</small></div><div><a href="#">${reply}</a> <a href="#">${quoteBtn}</a></div></li>`;
    }
    case 'plain table': {
      const quote = p.quote ? `<blockquote><i>${e(wrote)}</i><br>${e(p.quote)}</blockquote>` : '';
      return `<tr><td valign="top" width="150"><b>${e(p.author)}</b><br><font size="1">${p.date}<br>${count}</font></td>
<td valign="top">${quote}${brs(p.paragraphs)}<br><br><font size="1">--<br>${e(p.signature)}</font><br><a href="#">${reply}</a> | <a href="#">${quoteBtn}</a></td></tr>
<tr><td colspan="2"><hr></td></tr>`;
    }
    case 'Stack Exchange': {
      const first = p.n === 1;
      const kind = first ? 'question' : 'answer';
      const comment = p.quote
        ? `<div class="comments"><ul class="comments-list"><li class="comment"><div class="comment-body"><span class="comment-copy">${e(p.quote.slice(0, 80))}</span> – <a class="comment-user">${e(p.quoteAuthor!)}</a> <span class="comment-date">${p.date}</span></div></li></ul></div>`
        : '';
      return `<div id="${kind}-${300 + p.n}" class="${kind} js-${kind}" data-${kind}id="${300 + p.n}"${first ? '' : ' itemprop="suggestedAnswer" itemscope itemtype="https://schema.org/Answer"'}>
<div class="post-layout"><div class="votecell post-layout--left"><div class="js-voting-container"><button class="js-vote-up-btn" aria-label="Up vote">▲</button><div class="js-vote-count" itemprop="upvoteCount">${p.n * 3}</div><button class="js-vote-down-btn" aria-label="Down vote">▼</button></div></div>
<div class="${first ? 'postcell' : 'answercell'} post-layout--right"><div class="s-prose js-post-body" itemprop="text">${paras(p.paragraphs)}</div>
<div class="mt24"><div class="d-flex"><div class="post-menu"><a href="/q/${p.n}" class="js-share-link">Share</a> <a href="/posts/${p.n}/edit" class="js-edit-post">Improve this ${kind}</a> <button class="js-follow-post">Follow</button></div>
<div class="post-signature owner"><div class="user-info"><div class="user-action-time">${first ? 'asked' : 'answered'} <span title="${p.date}" class="relativetime">${p.date}</span></div>
<div class="user-gravatar32"><a href="/users/${p.n}"><img src="/g.png" alt=""></a></div><div class="user-details" itemprop="author"><a href="/users/${p.n}">${e(p.author)}</a><div class="-flair"><span class="reputation-score">${1000 + p.n * 17}</span></div></div></div></div></div></div>
${comment}</div></div></div>`;
    }
    case 'Reddit-like': {
      const quote = p.quote ? `<blockquote><p>${e(p.quote)}</p></blockquote>` : '';
      return `<div class=" thing id-t1_k${p.n}x comment" id="thing_t1_k${p.n}x" data-author="${e(p.author)}" data-type="comment">
<div class="midcol unvoted"><div class="arrow up" role="button" aria-label="upvote"></div><div class="arrow down" role="button" aria-label="downvote"></div></div>
<div class="entry unvoted"><p class="tagline"><a href="#" class="expand">[–]</a><a href="/user/${p.n}" class="author">${e(p.author)}</a> <span class="score unvoted">${p.n * 5} points</span> <time title="${p.date}" datetime="${p.date}T10:00:00+00:00" class="live-timestamp">${p.n} hours ago</time></p>
<form action="#" class="usertext"><div class="usertext-body may-blank-within md-container"><div class="md">${quote}${paras(p.paragraphs)}</div></div></form>
<ul class="flat-list buttons"><li class="first"><a href="/r/x/comments/${p.n}" class="bylink">permalink</a></li><li><a href="#">save</a></li><li><a href="#">report</a></li><li class="reply-button"><a href="#">reply</a></li></ul></div>
<div class="child"></div><div class="clearleft"></div></div>`;
    }
    case 'Discuz!': {
      const quote = p.quote
        ? `<div class="quote"><blockquote><font size="2"><a href="#"><font color="#999999">${e(wrote)}</font></a></font><br>${e(p.quote)}</blockquote></div><br>`
        : '';
      return `<div id="post_${2000 + p.n}"><table id="pid${2000 + p.n}" class="plhin" summary="pid${2000 + p.n}" cellspacing="0" cellpadding="0"><tr>
<td class="pls" rowspan="2"><div id="favatar${2000 + p.n}" class="pls favatar"><div class="pi"><div class="authi"><a href="space-uid-${p.n}.html" target="_blank" class="xw1">${e(p.author)}</a></div></div>
<div class="tns xg2"><table cellspacing="0" cellpadding="0"><tr><th><p><a href="#" class="xi2">${p.n * 13}</a></p>${zh ? '主题' : 'Threads'}</th><td><p><a href="#" class="xi2">${100 + p.n * 37}</a></p>${zh ? '积分' : 'Credits'}</td></tr></table></div>
<p><em><a href="#">${zh ? '中级会员' : 'Member'}</a></em></p></div></td>
<td class="plc"><div class="pi"><strong><a href="#pid${2000 + p.n}" id="postnum${2000 + p.n}"><em>${p.n}</em><sup>#</sup></a></strong>
<div class="pti"><div class="authi"><img class="authicn vm" src="/online.gif"> <em id="authorposton${2000 + p.n}">${zh ? '发表于' : 'Posted on'} ${p.date} 10:${10 + p.n}</em><span class="pipe">|</span><a href="#" rel="nofollow">${zh ? '只看该作者' : 'Only this author'}</a></div></div></div>
<div class="pct"><div class="pcb"><div class="t_fsz"><table cellspacing="0" cellpadding="0"><tr><td class="t_f" id="postmessage_${2000 + p.n}">${quote}${brs(p.paragraphs)}</td></tr></table></div></div></div></td></tr>
<tr><td class="plc plm"><div class="sign" style="max-height:100px;">${e(p.signature)}</div></td></tr>
<tr><td class="pls"></td><td class="plc"><div class="po hin"><div class="pob cl"><em><a class="fastre" href="#">${reply}</a><a class="repquote" href="#">${quoteBtn}</a></em><p><a href="#">${zh ? '举报' : 'Report'}</a></p></div></div></td></tr>
</table></div>`;
    }
  }
}

function page(markup: Markup, lang: 'en' | 'zh', title: string, posts: string, related: { html: string; before: boolean } | null = null): string {
  const zh = lang === 'zh';
  const nav = zh ? ['首页', '论坛', '热门', '搜索', '登录', '注册'] : ['Home', 'Forums', "What's new", 'Search', 'Log in', 'Register'];
  const side = zh
    ? ['今日热帖：装修预算怎么做才合理', '新人报到区欢迎你', '本版规则必读', '二手交易须知']
    : ['Trending: which tyres for winter?', 'New members: say hello here', 'Forum rules, read before posting', 'Marketplace guidelines'];
  const wrap =
    markup === 'Stack Exchange'
      ? (p: string) =>
          `<div id="question-header"><h1 itemprop="name">${e(title)}</h1></div><div id="mainbar" itemscope itemtype="https://schema.org/QAPage">${p}</div>`
      : markup === 'Discourse'
        ? (p: string) => `<div id="topic-title"><h1>${e(title)}</h1></div><div class="post-stream">${p}</div>`
        : markup === 'Reddit-like'
          ? (p: string) =>
              `<div class="content" role="main"><h1 class="title">${e(title)}</h1><div class="commentarea"><div class="sitetable nestedlisting">${p}</div></div></div>`
          : markup === 'plain table'
            ? (p: string) => `<h1>${e(title)}</h1><table width="100%" border="0" cellpadding="4">${p}</table>`
            : markup === 'plain list'
              ? (p: string) => `<h1>${e(title)}</h1><ol>${p}</ol>`
              : markup === 'plain divs'
                ? (p: string) => `<h1>${e(title)}</h1><div>${p}</div>`
                : markup === 'Discuz!'
                  ? (p: string) =>
                      `<div id="pt" class="bm cl"><div class="z"><a href="./">${nav[0]}</a> <em>›</em> <a href="#">${nav[1]}</a></div></div><div id="ct" class="wp cl"><div id="postlist" class="pl bm"><table cellspacing="0"><tr><td class="plc ptm pbn vwthd"><h1 class="ts"><span id="thread_subject">${e(title)}</span></h1></td></tr></table>${p}</div></div>`
                  : (p: string) =>
                      `<h2 class="topic-title"><a href="#">${e(title)}</a></h2><div class="action-bar bar-top"><a class="button" href="#">${zh ? '发表回复' : 'Post Reply'}</a><div class="pagination">${zh ? '共 10 帖' : '10 posts'} • ${zh ? '第 1 页' : 'Page 1 of 1'}</div></div><div id="posts">${p}</div>`;
  return `<!doctype html><html lang="${zh ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><title>${e(title)} - ${markup}</title></head><body>
<header><nav><ul>${nav.map((n) => `<li><a href="#">${n}</a></li>`).join('')}</ul></nav></header>
<div class="breadcrumbs"><a href="#">${nav[0]}</a> › <a href="#">${nav[1]}</a></div>
<main>${related?.before ? related.html : ''}${wrap(posts)}${related && !related.before ? related.html : ''}</main>
<aside class="sidebar"><h3>${zh ? '热门话题' : 'Popular threads'}</h3><ul>${side.map((s) => `<li><a href="#">${e(s)}</a></li>`).join('')}</ul></aside>
<footer><p>${zh ? '© 2024 某某论坛 版权所有 | 联系我们 | 隐私政策' : '© 2024 Example Forums. Contact us | Privacy | Terms'}</p></footer></body></html>`;
}
