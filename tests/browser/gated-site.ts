/**
 * One more target site for the browser tests, on its own loopback server (reached through
 * crawler.resolve like the fixture web):
 * - a hostile copy: a publisher article reposted whole on a page full of `<script>`, event
 *   handlers and `javascript:` links, with markup written as text in its title, credit and body,
 *   and in a response header, so the dashboard has crawled strings that would run if inserted as HTML;
 * - a gate: while armed, one page of the site does not answer until the test opens it, so a scan
 *   started from the dashboard stays running until the test has seen it run.
 */
import { once } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { esc, type FixtureArticle } from '../support/web/index.ts';

export const GATED_HOST = 'www.gated-copies.test';
const HOSTILE_PATH = '/news/hostile-copy.html';
export const HOSTILE_URL = `http://${GATED_HOST}${HOSTILE_PATH}`;

/** Markup that must show as these very characters wherever the dashboard shows it. */
export const HOSTILE_TITLE = '<script>alert("title")</script>转载<img src=x onerror=alert(1)>';
export const HOSTILE_LINE = '<script>document.title="pwned"</script> <a href="javascript:alert(2)">点此</a>';

function hostilePage(article: FixtureArticle): string {
  return `<!doctype html><html><head><meta charset="utf-8">
<title>${esc(HOSTILE_TITLE)}</title>
<script>document.title = 'pwned'; alert('script element');</script>
<script src="javascript:alert(3)"></script>
<meta http-equiv="refresh" content="0; url=javascript:alert(4)">
</head>
<body onload="alert('body onload')">
<div class="nav"><a href="javascript:alert('nav')">首页</a> <a href="/" onclick="alert('click')">资讯</a> <a href="JaVaScRiPt:alert(5)">图片</a></div>
<article onmouseover="alert('hover')">
<h1>${esc(HOSTILE_TITLE)}</h1>
<p class="source">来源：${esc('<b onmouseover=alert(6)>石化晨报</b>')}　编辑：<span onclick="alert(7)">小王</span></p>
<img src="x" onerror="alert('img')">
${article.paragraphs.map((p, i) => `<p onclick="alert(${i})">${esc(p)}${i === article.paragraphs.length - 1 ? esc(HOSTILE_LINE) : ''}</p>`).join('\n')}
<svg onload="alert(8)"><a href="javascript:alert(9)"><text>svg</text></a></svg>
<iframe src="javascript:alert(10)"></iframe>
<form action="javascript:alert(11)"><input name=q onfocus="alert(12)" autofocus></form>
</article>
<a href="javascript:void(0)" onclick="alert('more')">更多</a>
</body></html>`;
}

export interface GatedSite {
  port: number;
  /** `{host: 127.0.0.1:port}`, for crawler.resolve. */
  resolve: Record<string, string>;
  /** From now on, the gated page waits until open() is called. */
  arm(): void;
  /** Answers the waiting request (and any later one). */
  open(): void;
  /** How many requests of the gated page are waiting now. */
  readonly waiting: number;
  close(): Promise<void>;
}

export async function startGatedSite(article: FixtureArticle): Promise<GatedSite> {
  let armed = false;
  const held = new Set<ServerResponse>();
  const release = (res: ServerResponse) => {
    held.delete(res);
    if (!res.destroyed) res.end('<!doctype html><html><head><meta charset="utf-8"><title>稍后</title></head><body><p>这里什么也没有。</p></body></html>');
  };
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/robots.txt') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nAllow: /\n');
    } else if (path === '/') {
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(
          `<!doctype html><html><head><meta charset="utf-8"><title>转载站</title></head><body><ul><li><a href="${HOSTILE_PATH}">转载</a></li><li><a href="/later.html">稍后</a></li></ul></body></html>`,
        );
    } else if (path === HOSTILE_PATH) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', server: '<script>alert("header")</script>' }).end(hostilePage(article));
    } else if (path === '/later.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      held.add(res);
      res.on('close', () => held.delete(res));
      if (!armed) release(res);
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    resolve: { [GATED_HOST]: `127.0.0.1:${port}` },
    arm: () => {
      armed = true;
    },
    open: () => {
      armed = false;
      for (const res of [...held]) release(res);
    },
    get waiting() {
      return held.size;
    },
    close: async () => {
      for (const res of [...held]) release(res);
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
