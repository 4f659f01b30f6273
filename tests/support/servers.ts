/** Throwaway local HTTP servers for tests (loopback only). */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface TestServer {
  url: string;
  close: () => Promise<void>;
}

export async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<TestServer> {
  const server: Server = createServer(handler);
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export interface HeldSite extends TestServer {
  /** host:port, for crawler.resolve. */
  address: string;
  /** Ends the hold: every page answers at once, with no more links, so a crawl of it ends. */
  release: () => void;
}

/**
 * A site that keeps a crawl of it running until the test releases it, whatever the machine's
 * speed: each page links to the next three (`/n/1` → `/n/2`, `/n/3`, `/n/4` → …) and is answered
 * only after `holdMs` (kept under the crawler's time cap) while the hold lasts. Three links, not
 * one: on a busy machine one page can still run past the time cap and fail, and the crawl goes on
 * through the others. Once released, pages answer at once
 * without links. A test waits for events (the run is running; it was released) instead of
 * hoping a run is slow enough.
 */
export async function startHeldSite(holdMs = 400): Promise<HeldSite> {
  let held = true;
  const waiting = new Set<() => void>();
  const server = await serve((req, res) => {
    const answer = () => {
      if (req.url === '/robots.txt') {
        res.writeHead(404);
        res.end();
        return;
      }
      const n = Number(/^\/n\/(\d+)$/.exec(req.url ?? '')?.[1] ?? 0);
      const next = held ? [1, 2, 3].map((k) => `<p><a href="/n/${n + k}">next page ${n + k}</a></p>`).join('') : '';
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html><head><title>held ${n}</title></head><body><p>Page ${n} of a site that answers slowly.</p>${next}</body></html>`);
    };
    if (!held) return answer();
    const timer = setTimeout(() => {
      waiting.delete(now);
      answer();
    }, holdMs);
    const now = () => {
      clearTimeout(timer);
      answer();
    };
    waiting.add(now);
  });
  return {
    ...server,
    address: server.url.replace(/^http:\/\//, ''),
    release: () => {
      held = false;
      for (const answer of waiting) answer();
      waiting.clear();
    },
  };
}
