/**
 * An older news site built of tables (the GBK portal): a banner, a channel bar, the story in a
 * centred table cell with its title, a 发布时间/点击 line, the text split by <br>, a
 * 来源/作者 row below it, a 上一篇/下一篇 pair, a 相关新闻 table, and a footer.
 */
import { esc } from '../html.ts';

export interface TableSite {
  name: string;
  charset: string;
}

export interface TableStory {
  title: string;
  date: string;
  /** `来源：…` line at the foot, or null. */
  source: string | null;
  author?: string | null;
  paragraphs: string[];
  hits: number;
  prev?: { href: string; title: string } | null;
  next?: { href: string; title: string } | null;
  related?: Array<{ href: string; title: string }>;
  linkBack?: { href: string; text: string } | null;
}

function frame(site: TableSite, title: string, inner: string): string {
  return `<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=${site.charset}">
<title>${esc(title)}-${esc(site.name)}</title>
<style>td{font-size:12px}</style>
</head>
<body topmargin="0">
<table width="960" border="0" align="center" cellpadding="0" cellspacing="0"><tr><td class="banner" height="90"><img src="/img/logo.gif" alt="${esc(site.name)}"></td></tr></table>
<table width="960" border="0" align="center" class="menu"><tr>
<td><a href="/">网站首页</a> | <a href="/news/list_1.html">行业动态</a> | <a href="/news/list_2.html">油气市场</a> | <a href="/news/list_3.html">新能源</a> | <a href="/news/list_4.html">政策法规</a> | <a href="/bbs/">能源论坛</a></td>
</tr></table>
${inner}
<table width="960" border="0" align="center" class="foot"><tr><td align="center">
Copyright &copy; ${esc(site.name)} All Rights Reserved<br>
本站信息仅供参考，转载请注明出处<br>
<a href="/about.html">关于本站</a> | <a href="/contact.html">联系方式</a>
</td></tr></table>
</body>
</html>
`;
}

export function renderTableStory(site: TableSite, s: TableStory): string {
  const inner = `<table width="960" border="0" align="center"><tr>
<td width="700" valign="top">
<table width="100%" border="0" class="article"><tr><td align="center" class="title"><b>${esc(s.title)}</b></td></tr>
<tr><td align="center" class="info">发布时间：${s.date}&nbsp;&nbsp;点击：${s.hits}</td></tr>
<tr><td class="content">
${s.paragraphs.map((p) => `&nbsp;&nbsp;&nbsp;&nbsp;${esc(p)}`).join('<br><br>\n')}
${s.linkBack ? `<br><br>原文：<a href="${esc(s.linkBack.href)}">${esc(s.linkBack.text)}</a>` : ''}
</td></tr>
${s.source ? `<tr><td class="source">来源：${esc(s.source)}${s.author ? `&nbsp;&nbsp;作者：${esc(s.author)}` : ''}</td></tr>` : ''}
<tr><td class="pn">${s.prev ? `上一篇：<a href="${esc(s.prev.href)}">${esc(s.prev.title)}</a>` : '上一篇：没有了'}<br>${s.next ? `下一篇：<a href="${esc(s.next.href)}">${esc(s.next.title)}</a>` : '下一篇：没有了'}</td></tr>
</table>
</td>
<td width="240" valign="top" class="side">
<table width="100%" class="related"><tr><td><b>相关新闻</b></td></tr>
${(s.related ?? []).map((r) => `<tr><td>·<a href="${esc(r.href)}">${esc(r.title)}</a></td></tr>`).join('\n')}
</table>
</td>
</tr></table>`;
  return frame(site, s.title, inner);
}

export function renderTableList(site: TableSite, title: string, items: Array<{ href: string; title: string; date: string }>): string {
  const inner = `<table width="960" border="0" align="center" class="list"><tr><td><b>${esc(title)}</b></td></tr>
${items.map((i) => `<tr><td>·<a href="${esc(i.href)}">${esc(i.title)}</a> <span>${i.date}</span></td></tr>`).join('\n')}
</table>`;
  return frame(site, title, inner);
}
