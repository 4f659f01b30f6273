/**
 * The fixture publisher's e-paper article page, modeled on the seed page: GB2312 declared,
 * edition navigation (上一期/下一期/上一版/下一版), the 版权声明 at the top, a login form and a
 * search box, the page's article list, the 来源/作者 block, a view counter, the byline lines at
 * the head of the text, a template error, and a footer notice.
 */
import { ARTICLES, PUBLISHER_NAME, PUBLISHER_NOTICE, type FixtureArticle } from '../articles.ts';
import { esc } from '../html.ts';

export function articlePath(a: FixtureArticle): string {
  const [y, m, d] = a.date.split('-');
  return `/html/${y}-${m}/${d}/content_${a.id}.htm`;
}

export function pagePath(date: string, page: number): string {
  const [y, m, d] = date.split('-');
  return `/html/${y}-${m}/${d}/node_${page}.htm`;
}

function cnDate(date: string): string {
  const [y, m, d] = date.split('-');
  return `${y}年${m}月${d}日`;
}

/** Where the edition navigation points (the fixture web's real editions); default: placeholder links. */
export interface EditionNav {
  /** node_1 of the previous and next editions, when there are. */
  prevIssue?: string | null;
  nextIssue?: string | null;
  /** The edition's last page (版), so 下一版 stops there. */
  lastPage?: number;
}

export function renderEpaperArticle(a: FixtureArticle, views = '16.8K', nav?: EditionNav): string {
  const siblings = ARTICLES.filter((x) => x.date === a.date && x.page === a.page);
  const prevIssue = nav ? (nav.prevIssue ?? pagePath(a.date, 1)) : '/html/prev/node_1.htm';
  const nextIssue = nav ? (nav.nextIssue ?? pagePath(a.date, 1)) : '/html/next/node_1.htm';
  const nextPage = nav?.lastPage ? Math.min(a.page + 1, nav.lastPage) : a.page + 1;
  const authors = [...a.reporters, ...a.correspondents].join(' ');
  const lines = [
    ...(a.reporters.length ? [`本报记者 ${a.reporters.join(' ')}`] : []),
    ...(a.correspondents.length ? [`通讯员 ${a.correspondents.join(' ')}`] : []),
    ...a.paragraphs,
  ];
  return `<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
${a.photo ? `<meta property="og:image" content="/images/${a.photo.file}">\n` : ''}<title>${esc(a.title)}--${PUBLISHER_NAME}</title>
<link rel="stylesheet" href="/css/epaper.css">
<script type="text/javascript">function doSearch(){ document.forms[0].submit(); }</script>
</head>
<body>
<table width="1000" align="center" class="top"><tr>
<td><a href="${prevIssue}">上一期</a>&nbsp;&nbsp;<a href="${nextIssue}">下一期</a>&nbsp;&nbsp;|&nbsp;&nbsp;<a href="${pagePath(a.date, Math.max(1, a.page - 1))}">上一版</a>&nbsp;&nbsp;<a href="${pagePath(a.date, nextPage)}">下一版</a></td>
</tr></table>
<table width="1000" align="center" class="notice"><tr><td>
<b>版权声明</b><br>${esc(PUBLISHER_NOTICE)}
</td></tr></table>
<table width="1000" align="center"><tr>
<td class="banner">第${a.page}版：${PUBLISHER_NAME}0${a.page}版</td>
<td><form name="login" action="/login" method="post">用户名 <input name="u" type="text"> 密码 <input name="p" type="password"> <input type="submit" value="登录"></form></td>
<td><form name="search" action="/search">文章检索 <input name="q"> 日期检索 <input name="d"></form></td>
</tr></table>
<table width="1000" align="center"><tr>
<td width="260" valign="top" class="list">
<div class="pagelist">
${siblings.map((s) => `<div><a href="${articlePath(s)}">${esc(s.title)}</a></div>`).join('\n')}
</div>
</td>
<td valign="top" class="content">
${a.kicker ? `<div class="yinti">${esc(a.kicker)}</div>` : ''}
<div class="title">${esc(a.title)}</div>
${a.subtitle ? `<div class="futi">${esc(a.subtitle)}</div>` : ''}
<div class="info">${cnDate(a.date)} 来源: ${PUBLISHER_NAME}&nbsp;&nbsp;作者: ${esc(authors)}</div>
<div class="hits">${views}</div>
<div id="ozoom"><founder-content>
${a.photo ? `<table align="center"><tr><td><img src="/images/${a.photo.file}" width="960" height="640" alt="${esc(a.photo.caption)}"></td></tr></table>\n` : ''}${lines.map((p) => `<p>&nbsp;&nbsp;&nbsp;&nbsp;${esc(p)}</p>`).join('\n')}
</founder-content></div>
<div class="error">Repeat标签中缺少Article标签</div>
</td>
</tr></table>
<table width="1000" align="center" class="footer"><tr><td>
${PUBLISHER_NAME}社版权所有 未经书面授权禁止转载、复制或建立镜像<br>
地址：北京市朝阳区示例路1号 邮编：100000 电话：010-00000000<br>
京ICP备00000000号
</td></tr></table>
</body>
</html>
`;
}
