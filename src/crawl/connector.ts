/**
 * The Agent's connector: where a host name connects, decided once per connection.
 * - `crawler.resolve` hosts connect to their mapped address (and port, when given), whatever
 *   the URL's port; the URL and the Host header stay as they are (curl --resolve, host-wide).
 * - Other names are looked up here and, when the destination guard is on, every address is
 *   checked before the socket is opened to the address that was checked: the check and the
 *   connection use one lookup, so DNS rebinding between them is not possible.
 * The address actually connected (IP:port) is recorded per origin for the evidence.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { buildConnector } from 'undici';
import { parseResolveTarget, type ResolveTarget } from '../config/index.ts';
import { CopywatchError } from '../domain/index.ts';
import { nonPublicReason } from './address-class.ts';

export type Lookup = (host: string) => Promise<Array<{ address: string; family: number }>>;

interface DestinationPolicy {
  /** Refuse non-public addresses (manual checks; crawls unless allowPrivate). */
  guard: boolean;
  /** Host patterns (`example.com`, `*.example.com`) let through the guard. */
  allowHosts: string[];
}

export interface ConnectorOptions extends DestinationPolicy {
  resolve: Record<string, string>;
  connectTimeoutMs: number;
  /** DNS lookup (tests inject one). Default: the system resolver. */
  lookup?: Lookup;
}

export interface Destination {
  address: string;
  port: number | null;
  /** How it was chosen. */
  via: 'resolve' | 'literal' | 'dns';
}

const systemLookup: Lookup = (host) => dnsLookup(host, { all: true, verbatim: true });

function hostAllowed(host: string, patterns: string[]): boolean {
  const h = host.toLowerCase();
  return patterns.some((p) => (p.startsWith('*.') ? h.endsWith(p.slice(1)) : h === p || h === `www.${p}`));
}

/**
 * Where `host` connects, after the guard: the mapped address of a resolve host, the literal
 * address, or the first address DNS gives. Throws CRAWL_PRIVATE_ADDRESS when the guard refuses
 * (any address of the name is non-public: a name that resolves to both is not trusted).
 */
export async function chooseDestination(
  host: string,
  options: Omit<ConnectorOptions, 'connectTimeoutMs'>,
  resolved = mapResolve(options.resolve),
): Promise<Destination> {
  const name = host.replace(/^\[|\]$/g, '').toLowerCase();
  const mapped = resolved.get(name);
  if (mapped) return { address: mapped.address, port: mapped.port, via: 'resolve' };
  const exempt = !options.guard || hostAllowed(name, options.allowHosts);
  if (isIP(name)) {
    const why = exempt ? null : nonPublicReason(name);
    if (why) throw refused(name, name, why);
    return { address: name, port: null, via: 'literal' };
  }
  let addresses: Array<{ address: string; family: number }>;
  try {
    addresses = await withTimeout((options.lookup ?? systemLookup)(name), 5000, name);
  } catch (cause) {
    if (cause instanceof CopywatchError) throw cause;
    const code = (cause as NodeJS.ErrnoException).code;
    // The name does not exist, or has no address: an answer about the site (it may be gone).
    // Anything else (a resolver that fails or times out) says nothing about the site.
    const absent = code === 'ENOTFOUND' || code === 'ENODATA';
    throw new CopywatchError(absent ? 'CRAWL_DNS' : 'CRAWL_NETWORK', `cannot resolve ${name}: ${code ?? (cause as Error).message}`, { cause });
  }
  if (!addresses.length) throw new CopywatchError('CRAWL_DNS', `cannot resolve ${name}: no address`);
  if (!exempt) {
    for (const a of addresses) {
      const why = nonPublicReason(a.address);
      if (why) throw refused(name, a.address, why);
    }
  }
  return { address: addresses[0].address, port: null, via: 'dns' };
}

function refused(host: string, address: string, why: string): CopywatchError {
  const shown = host === address ? address : `${host} (${address})`;
  return new CopywatchError(
    'CRAWL_PRIVATE_ADDRESS',
    `${shown} is a ${why} address: private destinations are refused (allow them with crawler.allowHosts or crawler.allowPrivate)`,
  );
}

function mapResolve(resolve: Record<string, string>): Map<string, ResolveTarget> {
  const out = new Map<string, ResolveTarget>();
  for (const [host, target] of Object.entries(resolve)) {
    const parsed = parseResolveTarget(target);
    if (!parsed)
      throw new CopywatchError('CONFIG_INVALID', `crawler.resolve["${host}"]: expected an IP address, optionally with :port, got ${JSON.stringify(target)}`);
    out.set(host.toLowerCase(), parsed);
  }
  return out;
}

async function withTimeout<T>(promise: Promise<T>, ms: number, host: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CopywatchError('CRAWL_TIMEOUT', `looking up ${host} took more than ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Remote addresses, by origin (`http://host:port`), of the last connection made to it. */
export type RemoteAddresses = Map<string, string>;

export function createConnector(options: ConnectorOptions, remotes: RemoteAddresses): buildConnector.connector {
  const base = buildConnector({ timeout: options.connectTimeoutMs, keepAlive: true });
  const resolved = mapResolve(options.resolve);
  return (opts, callback) => {
    chooseDestination(opts.hostname, options, resolved).then(
      (dest) => {
        const port = dest.port !== null ? String(dest.port) : opts.port;
        base({ ...opts, hostname: dest.address, port }, (error, socket) => {
          if (error) {
            callback(error, null);
            return;
          }
          const origin = `${opts.protocol}//${opts.host ?? opts.hostname}`;
          if (remotes.size > 10_000) remotes.clear();
          remotes.set(origin, `${socket!.remoteAddress?.includes(':') ? `[${socket!.remoteAddress}]` : socket!.remoteAddress}:${socket!.remotePort}`);
          callback(null, socket!);
        });
      },
      (error: Error) => callback(error, null),
    );
  };
}
