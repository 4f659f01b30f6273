/**
 * The fixture web's one HTTP server: every fixture site on one loopback port, chosen by the
 * Host header (its port stripped). Static replies get an ETag and Last-Modified and answer
 * conditional requests with 304; sites that misbehave write to the response themselves.
 * Every request is logged (arrival time, host, path, final status) for politeness checks.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gzipSync } from 'node:zlib';

export interface FixtureRequest {
  host: string;
  /** Path and query, as sent. */
  path: string;
  url: URL;
  raw: IncomingMessage;
}

export interface Reply {
  status?: number;
  /** Content-Type; omitted when null. */
  type?: string | null;
  body: Buffer | string;
  headers?: Record<string, string>;
  /** Last-Modified (a date); conditional requests are answered from it and the ETag. */
  lastModified?: Date;
  /** Gzip the body when the client accepts it. */
  gzip?: boolean;
}

/** A site answers with a Reply, null (404), or 'handled' when it wrote the response itself. */
type Route = (req: FixtureRequest, res: ServerResponse) => Reply | null | 'handled';

export interface FixtureSiteDef {
  host: string;
  route: Route;
}

export interface RequestLogEntry {
  /** Arrival time, ms since the epoch (sub-millisecond). */
  time: number;
  host: string;
  path: string;
  /** Final status (0 while unanswered or when the connection was dropped). */
  status: number;
}

export interface RunningServer {
  port: number;
  requests: RequestLogEntry[];
  close(): Promise<void>;
}

const etags = new WeakMap<Buffer, string>();
const gzipped = new WeakMap<Buffer, Buffer>();

function sendReply(req: IncomingMessage, res: ServerResponse, reply: Reply): void {
  const body = typeof reply.body === 'string' ? Buffer.from(reply.body, 'utf8') : reply.body;
  const status = reply.status ?? 200;
  const headers: Record<string, string> = { ...reply.headers };
  if (reply.type !== null) headers['content-type'] = reply.type ?? 'text/html; charset=utf-8';
  if (status === 200) {
    let etag = etags.get(body);
    if (!etag) {
      etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
      etags.set(body, etag);
    }
    headers.etag = etag;
    if (reply.lastModified) headers['last-modified'] = reply.lastModified.toUTCString();
    const inm = req.headers['if-none-match'];
    const ims = req.headers['if-modified-since'];
    const fresh = inm
      ? inm.split(',').some((t) => t.trim() === etag)
      : !!(ims && reply.lastModified && Date.parse(ims) >= Math.floor(reply.lastModified.getTime() / 1000) * 1000);
    if (fresh) {
      res.writeHead(304, { etag, ...(headers['last-modified'] ? { 'last-modified': headers['last-modified'] } : {}) });
      res.end();
      return;
    }
  }
  let out = body;
  if (reply.gzip && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
    let z = gzipped.get(body);
    if (!z) {
      z = gzipSync(body);
      gzipped.set(body, z);
    }
    out = z;
    headers['content-encoding'] = 'gzip';
    headers.vary = 'Accept-Encoding';
  }
  headers['content-length'] = String(out.length);
  res.writeHead(status, headers);
  res.end(out);
}

export async function startServer(sites: FixtureSiteDef[], port = 0, host = '127.0.0.1'): Promise<RunningServer> {
  const byHost = new Map(sites.map((s) => [s.host, s]));
  const requests: RequestLogEntry[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const name = String(req.headers.host ?? '')
      .replace(/:\d+$/, '')
      .toLowerCase();
    const entry: RequestLogEntry = { time: performance.timeOrigin + performance.now(), host: name, path: req.url ?? '/', status: 0 };
    if (requests.length < 2_000_000) requests.push(entry);
    res.on('finish', () => {
      entry.status = res.statusCode;
    });
    res.on('error', () => {});
    const site = byHost.get(name);
    if (!site) {
      sendReply(req, res, { status: 404, type: 'text/plain', body: `no fixture site for host ${JSON.stringify(name)}` });
      return;
    }
    let url: URL;
    try {
      url = new URL(req.url ?? '/', `http://${name}`);
    } catch {
      sendReply(req, res, { status: 400, type: 'text/plain', body: 'bad request' });
      return;
    }
    const reply = site.route({ host: name, path: req.url ?? '/', url, raw: req }, res);
    if (reply === 'handled') return;
    sendReply(req, res, reply ?? { status: 404, body: '<html><head><title>404</title></head><body><h1>404 Not Found</h1></body></html>' });
  });
  server.keepAliveTimeout = 5000;
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('clientError', (_e, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
