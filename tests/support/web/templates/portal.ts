/**
 * A modern news portal (div layout, UTF-8 unless told): header with channels, breadcrumb, the
 * story with its 时间/来源/编辑 line, share tools, ad slots, 相关阅读 and 热点排行 lists, and a
 * footer. The `buried` layout scatters a story among ad blocks and link lists under a generic
 * heading, the way aggregator pages bury copied text.
 */
import { esc } from '../html.ts';

export interface PortalSite {
  name: string;
  host: string;
  /** Meta charset (the bytes are encoded by the server). Default utf-8. */
  charset?: string;
  channels?: string[];
  /** Lines of the footer. */
  footer?: string[];
}

export interface PortalStory {
  title: string;
  date: string;
  /** The 来源 line's value (`石化晨报`), or null for no 来源 line. */
  source: string | null;
  editor: string;
  paragraphs: string[];
  /** A link at the end of the story (原文链接). */
  linkBack?: { href: string; text: string } | null;
  /** A line at the head of the story (本报讯, 据…报道). */
  lead?: string | null;
  related?: Array<{ href: string; title: string }>;
  hot?: Array<{ href: string; title: string }>;
}

const DEFAULT_CHANNELS = ['首页', '国内', '财经', '能源', '科技', '社会', '评论'];

function header(site: PortalSite, title: string): string {
  const channels = site.channels ?? DEFAULT_CHANNELS;
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="${site.charset ?? 'utf-8'}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}_${esc(site.name)}</title>
<link rel="alternate" type="application/atom+xml" href="/atom.xml">
<script>window.dataLayer = window.dataLayer || [];</script>
</head>
<body>
<div class="topbar"><span>${esc(site.name)}</span> <a href="/login">登录</a> <a href="/register">注册</a> <a href="/app">下载客户端</a></div>
<header class="site-header"><a class="logo" href="/">${esc(site.name)}</a>
<nav class="channels">${channels.map((c, i) => `<a href="/list/${i}.html">${esc(c)}</a>`).join(' ')}</nav>
<form class="search" action="/search"><input name="q" placeholder="搜索"><button>搜索</button></form>
</header>`;
}

function footer(site: PortalSite): string {
  const lines = site.footer ?? [`${site.name} 版权所有`, '违法和不良信息举报电话：000-00000000', '本网站部分内容来源于网络，如有侵权请联系删除'];
  return `<footer class="site-footer">${lines.map((l) => `<p>${esc(l)}</p>`).join('\n')}
<p><a href="/about">关于我们</a> | <a href="/contact">联系我们</a> | <a href="/ads">广告服务</a></p></footer>
</body>
</html>
`;
}

function linkList(cls: string, heading: string, items: Array<{ href: string; title: string }>): string {
  if (!items.length) return '';
  return `<div class="${cls}"><h3>${esc(heading)}</h3><ul>${items.map((i) => `<li><a href="${esc(i.href)}">${esc(i.title)}</a></li>`).join('')}</ul></div>`;
}

const AD = (n: number) =>
  `<div class="ad ad-${n}"><a href="/ad/${n}" rel="sponsored">【广告】${['年货节全场满减，点击领取优惠券', '高收益理财产品限时抢购', '品牌家电以旧换新补贴', '名校网课免费试听'][n % 4]}</a></div>`;

export function renderPortalStory(site: PortalSite, story: PortalStory): string {
  const meta = [`${story.date} 10:${String(story.title.length % 60).padStart(2, '0')}`, story.source ? `来源：${story.source}` : null, `编辑：${story.editor}`]
    .filter(Boolean)
    .join('　');
  return `${header(site, story.title)}
<div class="breadcrumb"><a href="/">首页</a> &gt; <a href="/list/3.html">能源</a> &gt; 正文</div>
<main class="layout">
<article class="story">
<h1>${esc(story.title)}</h1>
<div class="story-meta">${esc(meta)}</div>
<div class="share"><a href="#">微信</a> <a href="#">微博</a> <a href="#">复制链接</a></div>
<div class="story-body">
${story.lead ? `<p>${esc(story.lead)}</p>\n` : ''}${story.paragraphs.map((p, i) => `<p>${esc(p)}</p>${i === 1 ? `\n${AD(1)}` : ''}`).join('\n')}
${story.linkBack ? `<p class="origin">原文链接：<a href="${esc(story.linkBack.href)}">${esc(story.linkBack.text)}</a></p>` : ''}
</div>
<div class="statement">声明：本文仅代表作者观点，不代表本站立场。</div>
</article>
${linkList('related', '相关阅读', story.related ?? [])}
</main>
<aside class="sidebar">${AD(2)}${linkList('hot', '热点排行', story.hot ?? [])}${AD(3)}</aside>
${footer(site)}`;
}

/** A page where a story sits among ads and link lists, under a generic heading. */
export function renderBuriedStory(site: PortalSite, story: PortalStory, heading: string): string {
  const blocks: string[] = [];
  story.paragraphs.forEach((p, i) => {
    blocks.push(`<div class="txt">${esc(p)}</div>`);
    if (i % 2 === 1) blocks.push(AD(i), linkList('more', '猜你喜欢', (story.related ?? []).slice(i % 3, (i % 3) + 4)));
  });
  return `${header(site, heading)}
<div class="channel-top">${AD(0)}${AD(2)}</div>
<div class="wrap">
<div class="col-left">${linkList('hot', '热点排行', story.hot ?? [])}${AD(3)}${linkList('hot2', '24小时热文', (story.related ?? []).slice(0, 6))}</div>
<div class="col-main">
<div class="box-title">${esc(heading)}</div>
<div class="box-sub">${esc(story.title)}</div>
${blocks.join('\n')}
${AD(1)}
${linkList('related', '延伸阅读', story.related ?? [])}
</div>
<div class="col-right">${AD(0)}${linkList('rank', '排行榜', (story.hot ?? []).slice().reverse())}</div>
</div>
${footer(site)}`;
}

/** A portal's home or channel page: teasers (linked title and a short summary). */
export function renderPortalList(site: PortalSite, title: string, items: Array<{ href: string; title: string; summary: string; date: string }>): string {
  return `${header(site, title)}
<main class="home">
${AD(0)}
<div class="news-list">
${items.map((i) => `<div class="item"><h3><a href="${esc(i.href)}">${esc(i.title)}</a></h3><p>${esc(i.summary)}</p><span class="time">${i.date}</span></div>`).join('\n')}
</div>
</main>
${footer(site)}`;
}
