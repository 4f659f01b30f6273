/**
 * Target sites promoted from discovery (`copywatch targets promote <host>`, the dashboard's
 * Promote button): kept in the store (one JSON blob), never written into the config file, and
 * merged with the config's targets wherever targets are read. A promoted site is crawled from
 * `http://<host>/` (the scheme its findings used) with the site defaults.
 */
import { siteSchema, type SiteConfig } from '../config/index.ts';
import { CopywatchError } from '../domain/index.ts';
import type { Store } from '../store/ports.ts';

const KEY = 'promoted-targets';

export interface PromotedTarget {
  /** Target name: the host itself. */
  name: string;
  host: string;
  startUrl: string;
  at: string;
  /** Who promoted it (the CLI, a dashboard user). */
  actor: string;
}

export async function listPromoted(store: Store): Promise<PromotedTarget[]> {
  const blob = await store.getBlob(KEY);
  if (!blob) return [];
  try {
    const list = JSON.parse(blob.toString('utf8')) as unknown;
    return Array.isArray(list) ? (list as PromotedTarget[]) : [];
  } catch {
    return [];
  }
}

/** The config's targets, then the promoted ones (a host the config already covers is not repeated). */
export async function allTargets(store: Store, configured: SiteConfig[]): Promise<SiteConfig[]> {
  const names = new Set(configured.map((t) => t.name));
  const promoted = (await listPromoted(store)).filter((p) => !names.has(p.name));
  return [...configured, ...promoted.map((p) => siteSchema.parse({ name: p.name, startUrls: [p.startUrl] }))];
}

/**
 * Adds `host` to the targets. Refuses a host with no finding (`scheme` is taken from its
 * findings), and a host already a target; `coveredHosts` are the hosts the config's targets crawl.
 */
export async function promoteTarget(
  store: Store,
  input: { host: string; scheme: string; at: string; actor: string; coveredHosts: string[] },
): Promise<{ target: PromotedTarget; created: boolean }> {
  const host = input.host.toLowerCase();
  if (!/^[a-z0-9.-]+$/.test(host) || !host.includes('.')) throw new CopywatchError('INPUT_INVALID', `expected a host name, got ${JSON.stringify(input.host)}`);
  const list = await listPromoted(store);
  const existing = list.find((p) => p.host === host);
  if (existing) return { target: existing, created: false };
  if (input.coveredHosts.includes(host)) throw new CopywatchError('INPUT_INVALID', `${host} is already a target in the config`);
  const target: PromotedTarget = { name: host, host, startUrl: `${input.scheme}//${host}/`, at: input.at, actor: input.actor };
  await store.putBlob(KEY, Buffer.from(JSON.stringify([...list, target])));
  return { target, created: true };
}
