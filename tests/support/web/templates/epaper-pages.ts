/**
 * The fixture e-paper's other pages: an edition page (版面: the page's image map and article
 * list, the edition's page list, edition navigation), the home page (the latest edition and
 * past editions), and its 404. Same chrome as the article pages (notice, footer), GB2312 declared.
 */
import { ARTICLES, PUBLISHER_NAME, PUBLISHER_NOTICE } from '../articles.ts';
import { esc } from '../html.ts';
import { BANNER_PATH, pageImagePath } from '../page-images.ts';
import { articlePath, pagePath } from './epaper.ts';

/** The editions: dates, each with its page numbers, oldest first. */
export function editions(): Array<{ date: string; pages: number[] }> {
  const byDate = new Map<string, Set<number>>();
  for (const a of ARTICLES) {
    const pages = byDate.get(a.date) ?? new Set<number>();
    pages.add(a.page);
    byDate.set(a.date, pages);
  }
  return [...byDate.entries()].sort(([x], [y]) => (x < y ? -1 : 1)).map(([date, pages]) => ({ date, pages: [...pages].sort((x, y) => x - y) }));
}

const PAGE_NAMES: Record<number, string> = { 1: '要闻', 2: '综合新闻', 3: '基层·人物', 4: '副刊' };

function chrome(title: string, body: string): string {
  return `<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>${esc(title)}</title>
<link rel="stylesheet" href="/css/epaper.css">
<link rel="alternate" type="application/rss+xml" title="${PUBLISHER_NAME}" href="/rss.xml">
</head>
<body>
<table width="1000" align="center" class="notice"><tr><td>
<b>版权声明</b><br>${esc(PUBLISHER_NOTICE)}
</td></tr></table>
${body}
<table width="1000" align="center" class="footer"><tr><td>
${PUBLISHER_NAME}社版权所有 未经书面授权禁止转载、复制或建立镜像<br>
地址：北京市朝阳区示例路1号 邮编：100000 电话：010-00000000<br>
京ICP备00000000号
</td></tr></table>
</body>
</html>
`;
}

export function renderEditionPage(date: string, page: number): string {
  const list = editions();
  const i = list.findIndex((e) => e.date === date);
  const edition = list[i];
  const prev = list[i - 1];
  const next = list[i + 1];
  const articles = ARTICLES.filter((a) => a.date === date && a.page === page);
  const [y, m, d] = date.split('-');
  const last = edition.pages[edition.pages.length - 1];
  const nav = `<table width="1000" align="center" class="banner"><tr><td><img src="${BANNER_PATH}" width="600" height="90" alt="${PUBLISHER_NAME}电子版"></td></tr></table>
<table width="1000" align="center" class="top"><tr><td>
${prev ? `<a href="${pagePath(prev.date, 1)}">上一期</a>` : '上一期'}&nbsp;&nbsp;${next ? `<a href="${pagePath(next.date, 1)}">下一期</a>` : '下一期'}&nbsp;&nbsp;|&nbsp;&nbsp;<a href="${pagePath(date, Math.max(1, page - 1))}">上一版</a>&nbsp;&nbsp;<a href="${pagePath(date, Math.min(last, page + 1))}">下一版</a>
&nbsp;&nbsp;${y}年${m}月${d}日 星期${'日一二三四五六'[new Date(`${date}T00:00:00Z`).getUTCDay()]}
</td></tr></table>`;
  const map = `<map name="PagePicMap">
${articles.map((a, k) => `<area shape="polygon" coords="${20 + k * 300},40,${300 + k * 300},40,${300 + k * 300},600,${20 + k * 300},600" href="${articlePath(a)}">`).join('\n')}
</map>`;
  const body = `${nav}
<table width="1000" align="center"><tr>
<td width="520" valign="top" class="pageimg"><img src="${pageImagePath(date, page)}" usemap="#PagePicMap" width="500" height="760" alt="第${page}版">
${map}
</td>
<td valign="top">
<div class="pagename">第${page}版：${PAGE_NAMES[page] ?? '专版'}</div>
<div class="pagelist">
${articles.map((a) => `<div><a href="${articlePath(a)}">${esc(a.title)}</a></div>`).join('\n')}
</div>
<div class="pagenav"><b>版面导航</b><br>
${edition.pages.map((p) => `<a href="${pagePath(date, p)}">第${p}版：${PAGE_NAMES[p] ?? '专版'}</a>`).join('<br>\n')}
</div>
<div class="pdf"><a href="/pdf/${y}${m}${d}/${String(page).padStart(2, '0')}.pdf">本版PDF下载</a></div>
</td>
</tr></table>`;
  return chrome(`${PUBLISHER_NAME} ${y}年${m}月${d}日 第${page}版`, body);
}

export function renderEpaperHome(): string {
  const list = editions();
  const latest = list[list.length - 1];
  const body = `<table width="1000" align="center"><tr><td>
<h2>${PUBLISHER_NAME}电子版</h2>
<div class="latest"><b>最新一期：${latest.date}</b><br>
${latest.pages.map((p) => `<a href="${pagePath(latest.date, p)}">第${p}版：${PAGE_NAMES[p] ?? '专版'}</a>`).join('<br>\n')}
</div>
<div class="past"><b>往期回顾</b><br>
${list
  .slice(0, -1)
  .reverse()
  .map((e) => `<a href="${pagePath(e.date, 1)}">${e.date}</a>`)
  .join('&nbsp;\n')}
</div>
<form name="search" action="/search">文章检索 <input name="q"> <input type="submit" value="检索"></form>
<form name="login" action="/login" method="post">用户名 <input name="u"> 密码 <input name="p" type="password"> <input type="submit" value="登录"></form>
</td></tr></table>`;
  return chrome(`${PUBLISHER_NAME}电子版`, body);
}

export function renderEpaperNotFound(): string {
  return chrome(
    `页面不存在--${PUBLISHER_NAME}`,
    '<table width="1000" align="center"><tr><td>对不起，您访问的页面不存在。<a href="/">返回首页</a></td></tr></table>',
  );
}
