/**
 * Hostile hosts, one misbehaviour each, every one with a home page and a good page or two so a
 * test can show the crawl keeps the good pages while it records why the bad ones failed.
 * Server-side every misbehaviour is bounded (a drip stops after two minutes, hung sockets are
 * destroyed when the server closes).
 */
import { createGzip } from 'node:zlib';
import type { ServerResponse } from 'node:http';
import { ARTICLES } from '../articles.ts';
import { encodePage, esc } from '../html.ts';
import type { FixtureRequest, FixtureSiteDef, Reply } from '../server.ts';

export const HOSTILE_HOSTS = {
  slow: 'slow.hostile.test',
  hang: 'hang.hostile.test',
  flaky: 'flaky.hostile.test',
  loop: 'loop.hostile.test',
  huge: 'huge.hostile.test',
  bomb: 'bomb.hostile.test',
  malformed: 'malformed.hostile.test',
  charset: 'charset.hostile.test',
  calendar: 'calendar.hostile.test',
  noindex: 'noindex.hostile.test',
  session: 'session.hostile.test',
  repeat: 'repeat.hostile.test',
  delay: 'delay.hostile.test',
  types: 'types.hostile.test',
  /** Pages whose scripts reach for other origins and private addresses (the screenshot's guard). */
  scripted: 'scripted.hostile.test',
  /** A third-party origin the scripted pages try to load from: every request to it is in the log. */
  tracker: 'tracker.hostile.test',
} as const;

/** Sizes the hostile pages use (tests assert against them). */
export const HOSTILE_SIZES = { huge: 8 * 1024 * 1024, bomb: 200 * 1024 * 1024, dripMs: 100, dripMaxMs: 120_000 };

const GOOD_TEXT = [
  '这是一个用于测试的正常页面。页面内容由项目编写，只用于检验爬虫在遇到异常站点时，能否照常保存正常的页面。',
  '每个异常站点都有这样的页面：它们按时应答，声明了正确的字符集，大小也在限制之内。爬虫应当把它们逐一记录下来。',
];

export function htmlPage(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${esc(title)}</title></head><body><h1>${esc(title)}</h1>${body}</body></html>`;
}

function good(n: number): Reply {
  return { body: htmlPage(`正常页面 ${n}`, `${GOOD_TEXT.map((p) => `<p>${p}</p>`).join('')}<p><a href="/">返回首页</a></p>`) };
}

function home(links: string[]): Reply {
  return { body: htmlPage('首页', `<ul>${links.map((l) => `<li><a href="${esc(l)}">${esc(l)}</a></li>`).join('')}</ul>`) };
}

function site(
  host: string,
  route: (req: FixtureRequest, res: ServerResponse) => Reply | null | 'handled',
  robots = 'User-agent: *\nAllow: /\n',
): FixtureSiteDef {
  return {
    host,
    route(req, res) {
      if (req.url.pathname === '/robots.txt') return { type: 'text/plain', body: robots };
      const m = /^\/good\/(\d+)\.html$/.exec(req.url.pathname);
      if (m) return good(Number(m[1]));
      return route(req, res);
    },
  };
}

function drip(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  const started = Date.now();
  const timer = setInterval(() => {
    if (res.destroyed || Date.now() - started > HOSTILE_SIZES.dripMaxMs) {
      clearInterval(timer);
      if (!res.destroyed) res.end();
      return;
    }
    res.write('<');
  }, HOSTILE_SIZES.dripMs);
  res.on('close', () => clearInterval(timer));
}

function stream(res: ServerResponse, total: number, declare: boolean): void {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...(declare ? { 'content-length': String(total) } : {}) });
  const chunk = Buffer.alloc(64 * 1024, '<p>大页面</p>');
  let sent = 0;
  const pump = () => {
    while (sent < total && !res.destroyed) {
      const part = chunk.subarray(0, Math.min(chunk.length, total - sent));
      sent += part.length;
      if (!res.write(part)) return void res.once('drain', pump);
    }
    if (!res.destroyed) res.end();
  };
  pump();
}

let bomb: Promise<Buffer> | null = null;

/** gzip of HOSTILE_SIZES.bomb zero bytes (about 200 KB compressed), built once. */
function bombBytes(): Promise<Buffer> {
  bomb ??= new Promise((resolve, reject) => {
    const gz = createGzip({ level: 9 });
    const out: Buffer[] = [];
    gz.on('data', (d: Buffer) => out.push(d));
    gz.on('end', () => resolve(Buffer.concat(out)));
    gz.on('error', reject);
    const zeros = Buffer.alloc(1024 * 1024);
    let left = HOSTILE_SIZES.bomb / zeros.length;
    const write = () => {
      while (left > 0) {
        left--;
        if (!gz.write(zeros)) return void gz.once('drain', write);
      }
      gz.end();
    };
    write();
  });
  return bomb;
}

const flakyCounts = new Map<string, number>();
const hung = new Set<ServerResponse>();

/**
 * The scripted site: `/scripted.html` loads its style sheet and script from its own origin; the
 * script loads `/data.json` (same origin: allowed) and tries a third-party origin, the server's
 * own loopback address by IP, a WebSocket and a POST beacon (each must be refused). `/tall.html`
 * is 30 000 px tall.
 */
function scriptedSite(): FixtureSiteDef {
  return site(HOSTILE_HOSTS.scripted, (req) => {
    const path = req.url.pathname;
    const port = req.raw.socket.localPort;
    if (path === '/') return home(['/scripted.html', '/tall.html']);
    if (path === '/scripted.html') {
      const a = ARTICLES[0];
      return {
        body: `<!doctype html><html><head><meta charset="utf-8"><title>${esc(a.title)}</title><link rel="stylesheet" href="/style.css"></head><body><h1>${esc(a.title)}</h1>${a.paragraphs.map((p) => `<p>${esc(p)}</p>`).join('')}<p id="status">脚本未运行</p><img src="http://${HOSTILE_HOSTS.tracker}/pixel.gif" alt=""><script src="/app.js"></script></body></html>`,
      };
    }
    if (path === '/style.css') return { type: 'text/css', body: 'body { background: #fffbe6; font-family: sans-serif; } #status { color: #b00; }' };
    if (path === '/data.json') return { type: 'application/json', body: JSON.stringify({ text: '同源数据已载入' }) };
    if (path === '/app.js') {
      return {
        type: 'text/javascript',
        body: `document.getElementById('status').textContent = '脚本已运行';
fetch('/data.json').then((r) => r.json()).then((d) => { const p = document.createElement('p'); p.id = 'data'; p.textContent = d.text; document.body.appendChild(p); });
fetch('http://${HOSTILE_HOSTS.tracker}/beacon?from=script').catch(() => {});
fetch('http://127.0.0.1:${port}/private-probe').catch(() => {});
new Image().src = 'http://127.0.0.1:${port}/private-image';
try { new WebSocket('ws://${HOSTILE_HOSTS.scripted}/socket'); } catch (e) {}
fetch('/beacon-post', { method: 'POST', body: 'x' }).catch(() => {});
`,
      };
    }
    if (path === '/tall.html')
      return { body: htmlPage('很长的页面', `<div style="height: 30000px; background: linear-gradient(#fff, #ccc)">${GOOD_TEXT[0]}</div>`) };
    return null;
  });
}

export function hostileSites(): FixtureSiteDef[] {
  const H = HOSTILE_HOSTS;
  return [
    scriptedSite(),
    site(H.tracker, () => ({ type: 'image/gif', body: Buffer.from('GIF89a') })),
    site(H.slow, (req, res) => {
      if (req.url.pathname === '/') return home(['/good/1.html', '/slowish.html', '/slow.html', '/good/2.html']);
      if (req.url.pathname === '/slow.html') return (drip(res), 'handled');
      if (req.url.pathname === '/slowish.html') {
        setTimeout(() => {
          if (!res.destroyed) res.end(htmlPage('慢一点的页面', `<p>${GOOD_TEXT[0]}</p>`));
        }, 300);
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return 'handled';
      }
      return null;
    }),
    site(H.hang, (req, res) => {
      if (req.url.pathname === '/') return home(['/good/1.html', '/good/2.html', ...Array.from({ length: 8 }, (_, i) => `/hang/${i + 1}.html`)]);
      if (req.url.pathname.startsWith('/hang/')) {
        hung.add(res);
        res.on('close', () => hung.delete(res));
        return 'handled';
      }
      return null;
    }),
    site(H.flaky, (req, res) => {
      const path = req.url.pathname;
      if (path === '/') return home(['/flaky/1.html', '/flaky/2.html', '/flaky/3.html', '/always.html', '/reset.html', '/good/1.html']);
      const n = (flakyCounts.get(path) ?? 0) + 1;
      flakyCounts.set(path, n);
      if (path.startsWith('/flaky/')) {
        if (n % 2 === 1)
          return { status: Number(path.match(/\d/)![0]) % 2 ? 503 : 429, type: 'text/plain', body: 'busy, try later', headers: { 'retry-after': '1' } };
        return { body: htmlPage(`终于成功 ${path}`, `<p>${GOOD_TEXT[1]}</p>`) };
      }
      if (path === '/always.html') return { status: 503, type: 'text/plain', body: 'down for maintenance', headers: { 'retry-after': '0' } };
      if (path === '/reset.html') {
        if (n % 2 === 1) return (req.raw.socket.destroy(), 'handled');
        return { body: htmlPage('重连之后', `<p>${GOOD_TEXT[0]}</p>`) };
      }
      return null;
    }),
    site(H.loop, (req) => {
      const path = req.url.pathname;
      const to = (location: string, status = 302): Reply => ({ status, type: 'text/plain', body: '', headers: { location } });
      if (path === '/') return home(['/loop/a', '/chain/0', '/moved', '/to-private', '/to-metadata', '/good/1.html']);
      if (path === '/loop/a') return to('/loop/b');
      if (path === '/loop/b') return to('/loop/a');
      const chain = /^\/chain\/(\d+)$/.exec(path);
      if (chain) return to(`/chain/${Number(chain[1]) + 1}`, 301);
      if (path === '/moved') return to('/good/2.html', 301);
      if (path === '/to-private') return to('http://127.0.0.1:22/');
      if (path === '/to-metadata') return to('http://169.254.169.254/latest/meta-data/');
      return null;
    }),
    site(H.huge, (req, res) => {
      if (req.url.pathname === '/') return home(['/good/1.html', '/huge.html', '/huge-declared.html', '/good/2.html']);
      if (req.url.pathname === '/huge.html') return (stream(res, HOSTILE_SIZES.huge, false), 'handled');
      if (req.url.pathname === '/huge-declared.html') return (stream(res, HOSTILE_SIZES.huge, true), 'handled');
      return null;
    }),
    site(H.bomb, (req, res) => {
      if (req.url.pathname === '/') return home(['/good/1.html', '/bomb.html', '/good/2.html']);
      if (req.url.pathname === '/bomb.html') {
        void bombBytes().then((body) => {
          if (res.destroyed) return;
          res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip', 'content-length': String(body.length) });
          res.end(body);
        });
        return 'handled';
      }
      return null;
    }),
    site(H.malformed, (req) => {
      const path = req.url.pathname;
      if (path === '/') return home(['/broken.html', '/deep.html', '/binary.html', '/good/1.html']);
      if (path === '/broken.html') {
        const text = ARTICLES[4].paragraphs.join('<p>');
        return {
          body: Buffer.concat([
            Buffer.from(
              `<html><head><title>坏掉的页面<title><body class=x id=y <div><<p>${text}</div></div></span><p>未闭合的段落<a href="/good/2.html>断开的链接</a><table><tr><td>表格<td>没有结束`,
            ),
            Buffer.from([0, 0xff, 0xfe, 0xc3, 0x28]),
            Buffer.from('<!-- 没有结束的注释'),
          ]),
        };
      }
      if (path === '/deep.html') return { body: `<html><body>${'<div>'.repeat(50_000)}<p>${GOOD_TEXT[0]}</p></body></html>` };
      if (path === '/binary.html') return { body: Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)) };
      return null;
    }),
    site(H.charset, (req) => {
      if (req.url.pathname === '/') return home(['/wrong.html', '/good/1.html']);
      if (req.url.pathname === '/wrong.html') {
        const a = ARTICLES[1];
        const html = `<html><head><meta charset="utf-8"><title>${esc(a.title)}</title></head><body><h1>${esc(a.title)}</h1>${a.paragraphs.map((p) => `<p>${esc(p)}</p>`).join('')}</body></html>`;
        return { type: 'text/html; charset=utf-8', body: encodePage(html, 'gbk') };
      }
      return null;
    }),
    site(H.calendar, (req) => {
      const path = req.url.pathname;
      if (path === '/') return home(['/calendar?month=2023-01', '/events/2023/01/', '/good/1.html']);
      const shift = (y: number, m: number, d: number) => {
        const t = new Date(Date.UTC(y, m - 1 + d, 1));
        return [t.getUTCFullYear(), String(t.getUTCMonth() + 1).padStart(2, '0')] as const;
      };
      if (path === '/calendar') {
        const [y, m] = (req.url.searchParams.get('month') ?? '2023-01').split('-').map(Number);
        const [py, pm] = shift(y, m, -1);
        const [ny, nm] = shift(y, m, 1);
        return {
          body: htmlPage(
            `日历 ${y}-${m}`,
            `<a href="/calendar?month=${py}-${pm}">上个月</a> <a href="/calendar?month=${ny}-${nm}">下个月</a> <a href="/calendar?month=${y}-${String(m).padStart(2, '0')}&day=1">1日</a>`,
          ),
        };
      }
      const ev = /^\/events\/(\d+)\/(\d+)\/$/.exec(path);
      if (ev) {
        const [py, pm] = shift(Number(ev[1]), Number(ev[2]), -1);
        const [ny, nm] = shift(Number(ev[1]), Number(ev[2]), 1);
        return { body: htmlPage(`活动 ${ev[1]}-${ev[2]}`, `<a href="/events/${py}/${pm}/">上个月</a> <a href="/events/${ny}/${nm}/">下个月</a>`) };
      }
      return null;
    }),
    site(H.noindex, (req) => (req.url.pathname === '/' ? home(['/good/1.html', '/good/2.html']) : null), 'User-agent: *\nDisallow: /\n'),
    site(H.session, (req) => {
      const path = req.url.pathname;
      if (path === '/')
        return home([
          '/a.html;jsessionid=ABCDEF0123456789ABCDEF',
          '/b.html?PHPSESSID=0123456789abcdef0123',
          '/c.html?sid=9f8e7d6c5b4a39281706',
          '/d.html?sessionid=5f4dcc3b5aa765d61d83',
          '/good/1.html',
        ]);
      if (/^\/[abcd]\.html/.test(path)) return good(9);
      return null;
    }),
    site(H.repeat, (req) => {
      const path = req.url.pathname;
      if (path === '/') return home(['a/', 'grow/x', '/good/1.html']);
      if (/^\/[ab]\//.test(path)) {
        const last = path.split('/').filter(Boolean).pop();
        return { body: htmlPage(`层级 ${path}`, `<a href="${last === 'a' ? 'b' : 'a'}/">更深一层</a>`) };
      }
      if (path.startsWith('/grow/')) return { body: htmlPage('越来越长', `<a href="level${path.split('/').length}${'x'.repeat(150)}/y">更长</a>`) };
      return null;
    }),
    site(
      H.delay,
      (req) => {
        const path = req.url.pathname;
        if (path === '/') return home(['/p/1.html', '/p/2.html', '/p/3.html', '/private/secret.html', '/p/4.html']);
        if (/^\/(p|private)\/\w+\.html$/.test(path)) return good(7);
        return null;
      },
      'User-agent: *\nCrawl-delay: 0.3\nDisallow: /private/\n',
    ),
    site(H.types, (req) => {
      const path = req.url.pathname;
      if (path === '/') return home(['/report', '/data', '/photo', '/plain.txt', '/noctype', '/file.pdf', '/good/1.html']);
      if (path === '/report' || path === '/file.pdf') return { type: 'application/pdf', body: '%PDF-1.4 not really a pdf' };
      if (path === '/data') return { type: 'application/json', body: '{"ok":true}' };
      if (path === '/photo') return { type: 'image/png', body: Buffer.from([0x89, 0x50, 0x4e, 0x47]) };
      if (path === '/plain.txt') return { type: 'text/plain; charset=utf-8', body: GOOD_TEXT.join('\n\n') };
      if (path === '/noctype') return { type: null, body: htmlPage('没有类型', `<p>${GOOD_TEXT[1]}</p>`) };
      return null;
    }),
  ];
}

/** Ends the hung responses (the server's close destroys their sockets anyway). */
export function releaseHung(): void {
  for (const res of hung) res.destroy();
  hung.clear();
}
