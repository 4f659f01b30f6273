/**
 * A queued scan's pages: enqueueing (a row in queue_pages and a pg-boss job, in one transaction,
 * so a URL is never queued without its job nor twice), finishing a page (its row done with its
 * counts, once even when the job runs again), the scan's progress, and its end.
 */
import type PgBoss from 'pg-boss';
import type { FrontierEntry, UrlKind } from '../crawl/index.ts';
import { EMPTY_COUNTS, type DiscoveredBy, type ScanCounts } from '../domain/index.ts';
import { bossSchema, PAGE_QUEUE, WARC_QUEUE, type PageJobData, type WarcJobData } from './boss.ts';
import type { Client, QueueDb } from './db.ts';

export interface JobSettings {
  retryLimit: number;
  expireInSeconds: number;
}

/** The reason counted for a page whose job failed its last retry without a worker to record why. */
export const LOST_PAGE = 'failed: QUEUE_JOB_FAILED (retries exhausted)';

/** The `site` of a queued scan-warc's files in queue_pages (a file's path stands for the URL). */
export const WARC_SITE = '(warc)';

const isPage = (kind: UrlKind) => kind === 'page' || kind === 'edition';

/** A page's counts and reasons as kept with it: the non-zero ones, reasons as `reason:...`. */
function countsJson(counts: Partial<ScanCounts>, reasons: Record<string, number>): string {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(counts)) if (v && k !== 'pagesQueued') out[k] = v;
  for (const [k, v] of Object.entries(reasons)) if (v) out[`reason:${k}`] = v;
  return JSON.stringify(out);
}

export class ScanPages {
  private readonly pages: string;
  private readonly scans: string;
  private readonly sites: string;

  constructor(
    readonly db: QueueDb,
    private readonly boss: PgBoss,
    private readonly settings: JobSettings,
  ) {
    this.pages = db.table('queue_pages');
    this.scans = db.table('scans');
    this.sites = db.table('queue_sites');
  }

  /**
   * Which of `entries` to queue: those this scan has not queued for the site yet, pages only
   * while the site's maxPages allows (the rest counted in `overLimit`). Outside any transaction:
   * the admission is one statement, so workers never wait on each other for it (a page admitted
   * by two at once is queued once; its second place is left unused).
   */
  async admit(scan: number, site: string, entries: FrontierEntry[], maxPages: number): Promise<{ admitted: FrontierEntry[]; overLimit: number }> {
    const unique = new Map<string, FrontierEntry>();
    for (const e of entries) if (!unique.has(e.url)) unique.set(e.url, e);
    if (!unique.size) return { admitted: [], overLimit: 0 };
    const existing = await this.db.rows<{ url: string }>(
      'reading queued pages',
      `SELECT url FROM ${this.pages} WHERE scan_id = $1 AND site = $2 AND url = ANY($3::text[])`,
      [scan, site, [...unique.keys()]],
    );
    for (const r of existing) unique.delete(r.url);
    const fresh = [...unique.values()];
    const wanted = fresh.filter((e) => isPage(e.kind)).length;
    if (!wanted) return { admitted: fresh, overLimit: 0 };
    // SET expressions read the row as it was: `granted` is what this statement added.
    const rows = await this.db.rows<{ granted: number }>(
      'admitting pages',
      `INSERT INTO ${this.sites} AS s (scan_id, site, pages, granted)
      VALUES ($1, $2, LEAST($3::int, $4::int), LEAST($3::int, $4::int))
      ON CONFLICT (scan_id, site) DO UPDATE SET granted = GREATEST(0, LEAST($3::int, $4::int - s.pages)), pages = s.pages + GREATEST(0, LEAST($3::int, $4::int - s.pages))
      RETURNING granted`,
      [scan, site, wanted, maxPages],
    );
    let room = rows[0]?.granted ?? 0;
    let overLimit = 0;
    const admitted = fresh.filter((e) => {
      if (!isPage(e.kind)) return true;
      if (room > 0) {
        room--;
        return true;
      }
      overLimit++;
      return false;
    });
    return { admitted, overLimit };
  }

  /**
   * Queues admitted entries (see `admit`) not queued yet, with their jobs, and records `seen`
   * URLs (redirect targets) as done without a job, in `client`'s transaction. Returns how many
   * jobs were added.
   */
  async enqueue(
    client: Client,
    scan: number,
    site: string,
    entries: Array<FrontierEntry & { discoveredBy?: DiscoveredBy }>,
    seen: string[] = [],
  ): Promise<number> {
    const by = new Map(entries.flatMap((e) => (e.discoveredBy ? [[e.url, e.discoveredBy] as const] : [])));
    // Sorted, so that two transactions inserting overlapping URLs take their locks in one order.
    const byUrl = (a: { url: string }, b: { url: string }) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0);
    const rows = [
      ...entries.map((e) => ({ ...e, done: false })),
      ...[...new Set(seen)].map((url) => ({ url, depth: 0, kind: 'page' as UrlKind, done: true })),
    ].sort(byUrl);
    if (!rows.length) return 0;
    const inserted = await client.query<{ url: string; depth: number; kind: UrlKind; done: boolean }>(
      `INSERT INTO ${this.pages} (scan_id, site, url, depth, kind, done)
      SELECT $1, $2, e.url, e.depth, e.kind, e.done FROM unnest($3::text[], $4::int[], $5::text[], $6::bool[]) AS e (url, depth, kind, done)
      ON CONFLICT DO NOTHING RETURNING url, depth, kind, done`,
      [scan, site, rows.map((e) => e.url), rows.map((e) => e.depth), rows.map((e) => e.kind), rows.map((e) => e.done)],
    );
    const jobs = inserted.rows
      .filter((r) => !r.done)
      .map((r) => ({
        name: PAGE_QUEUE,
        data: { scan, site, url: r.url, depth: r.depth, kind: r.kind, ...(by.has(r.url) ? { discoveredBy: by.get(r.url) } : {}) } satisfies PageJobData,
        retryLimit: this.settings.retryLimit,
        expireInSeconds: this.settings.expireInSeconds,
      }));
    if (jobs.length) await this.boss.insert(jobs, { db: { executeSql: (text: string, values: unknown[]) => client.query(text, values) } });
    return jobs.length;
  }

  /** Keeps counts and reasons done outside any page (a queued discover's searching) with the run's pages, so its totals hold them. */
  async record(client: Client, scan: number, site: string, url: string, counts: Partial<ScanCounts>, reasons: Record<string, number>): Promise<void> {
    await client.query(
      `INSERT INTO ${this.pages} (scan_id, site, url, depth, kind, done, counts) VALUES ($1, $2, $3, 0, 'page', true, $4) ON CONFLICT DO NOTHING`,
      [scan, site, url, countsJson(counts, reasons)],
    );
  }

  /** Queues the WARC files of a scan-warc run: a row each (so the run ends once all are done) and a job each, in `client`'s transaction. */
  async enqueueFiles(client: Client, scan: number, files: Array<Omit<WarcJobData, 'scan'>>, expireInSeconds: number): Promise<void> {
    if (!files.length) return;
    await client.query(
      `INSERT INTO ${this.pages} (scan_id, site, url, depth, kind, done) SELECT $1, $2, f, 0, 'page', false FROM unnest($3::text[]) AS f ON CONFLICT DO NOTHING`,
      [scan, WARC_SITE, files.map((f) => f.file)],
    );
    const jobs = files.map((f) => ({
      name: WARC_QUEUE,
      data: { scan, ...f } satisfies WarcJobData,
      retryLimit: this.settings.retryLimit,
      expireInSeconds,
    }));
    await this.boss.insert(jobs, { db: { executeSql: (text: string, values: unknown[]) => client.query(text, values) } });
  }

  /**
   * Marks a page done with its counts and queues what it found (`found`, admitted by `admit`;
   * `seen`, see `enqueue`): in one transaction, or in one statement when it found nothing new.
   * False (and nothing added) when the page was already done (the job ran again after its worker
   * died past this point).
   */
  async finish(
    scan: number,
    site: string,
    url: string,
    counts: Partial<ScanCounts>,
    reasons: Record<string, number>,
    found: FrontierEntry[] = [],
    seen: string[] = [],
  ): Promise<boolean> {
    const sql = `UPDATE ${this.pages} SET done = true, counts = $4 WHERE scan_id = $1 AND site = $2 AND url = $3 AND NOT done RETURNING 1`;
    const params = [scan, site, url, countsJson(counts, reasons)];
    const op = `finishing ${url}`;
    if (!found.length && !seen.length) return (await this.db.rows(op, sql, params)).length > 0;
    return this.db.tx(op, async (client) => {
      await this.enqueue(client, scan, site, found, seen);
      return ((await client.query(sql, params)).rowCount ?? 0) > 0;
    });
  }

  /** Whether the scan is still running, and whether this page of it is done: one read before a job. */
  async state(scan: number, site: string, url: string): Promise<{ running: boolean; done: boolean }> {
    const rows = await this.db.rows<{ running: boolean; done: boolean }>(
      'reading a queued page',
      `SELECT s.status = 'running' AS running, COALESCE(p.done, false) AS done
      FROM ${this.scans} s LEFT JOIN ${this.pages} p ON p.scan_id = s.id AND p.site = $2 AND p.url = $3 WHERE s.id = $1`,
      [scan, site, url],
    );
    return rows[0] ?? { running: false, done: false };
  }

  async anyPending(scan: number): Promise<boolean> {
    const rows = await this.db.rows<{ any: boolean }>(
      'looking for queued pages',
      `SELECT EXISTS (SELECT 1 FROM ${this.pages} WHERE scan_id = $1 AND NOT done) AS any`,
      [scan],
    );
    return rows[0]?.any ?? false;
  }

  async pending(scan: number): Promise<number> {
    const rows = await this.db.rows<{ n: number }>('counting queued pages', `SELECT COUNT(*)::int AS n FROM ${this.pages} WHERE scan_id = $1 AND NOT done`, [
      scan,
    ]);
    return rows[0]?.n ?? 0;
  }

  /** The scan's counts and reasons: the sum of its pages'. */
  async totals(scan: number): Promise<{ counts: ScanCounts; reasons: Record<string, number> }> {
    const rows = await this.db.rows<{ name: string; n: number }>(
      'reading scan counts',
      `SELECT c.key AS name, SUM(c.value::bigint)::float8 AS n
      FROM ${this.pages} p, jsonb_each_text(p.counts::jsonb) c WHERE p.scan_id = $1 AND p.counts IS NOT NULL GROUP BY c.key`,
      [scan],
    );
    const counts: ScanCounts = { ...EMPTY_COUNTS };
    const reasons: Record<string, number> = {};
    for (const { name, n } of rows) {
      if (name.startsWith('reason:')) reasons[name.slice(7)] = Number(n);
      else if (name in counts) counts[name as keyof ScanCounts] = Number(n);
    }
    counts.pagesQueued = await this.pending(scan);
    return { counts, reasons };
  }

  async heartbeat(scan: number, at: string): Promise<void> {
    await this.db.rows('recording a heartbeat', `UPDATE ${this.scans} SET heartbeat_at = $1 WHERE id = $2 AND status = 'running'`, [at, scan]);
  }

  /**
   * Ends the scan with its totals, if it is still running and (for `done`) no page of it is left.
   * Whoever sees it first does it (the last worker, or the waiting `copywatch scan`); true then.
   */
  async end(scan: number, status: 'done' | 'interrupted' | 'failed', at: string, error: string | null = null): Promise<boolean> {
    if (status === 'done' && (await this.anyPending(scan))) return false;
    const { counts, reasons } = await this.totals(scan);
    const rows = await this.db.rows(
      `finishing run #${scan}`,
      `UPDATE ${this.scans} SET status = $1, counts = $2, reasons = $3, ended_at = $4, error = $5
      WHERE id = $6 AND status = 'running' RETURNING id`,
      [status, JSON.stringify(counts), JSON.stringify(reasons), at, error, scan],
    );
    return rows.length > 0;
  }

  /** Forgets the pages of runs that are over (their totals are in their rows): the table holds running scans only. */
  async purge(): Promise<number> {
    const rows = await this.db.rows(
      `forgetting the pages of finished runs`,
      `DELETE FROM ${this.pages} p WHERE NOT EXISTS
      (SELECT 1 FROM ${this.scans} s WHERE s.id = p.scan_id AND s.status = 'running') RETURNING 1`,
    );
    await this.db.rows(
      `forgetting the pages of finished runs`,
      `DELETE FROM ${this.sites} p WHERE NOT EXISTS
      (SELECT 1 FROM ${this.scans} s WHERE s.id = p.scan_id AND s.status = 'running')`,
    );
    return rows.length;
  }

  /**
   * Pages whose job is gone without finishing them (it failed its last retry, a worker killed
   * every time it took it): counted failed and marked done, so that the scan can end. Only when
   * no job of the scan is waiting or running, since a running job may still add pages. Returns
   * their URLs (the run lists them with its failed pages).
   */
  async reapOrphans(scan: number): Promise<string[]> {
    const boss = `"${bossSchema(this.db.schema)}".job`;
    return this.db.tx(`closing the lost pages of run #${scan}`, async (client) => {
      const live = await client.query<{ n: number }>(
        `SELECT COUNT(*)::int AS n FROM ${boss} WHERE name = ANY($1::text[]) AND state < 'completed' AND (data->>'scan')::bigint = $2`,
        [[PAGE_QUEUE, WARC_QUEUE], scan],
      );
      if ((live.rows[0]?.n ?? 0) > 0) return [];
      const lost = await client.query<{ url: string }>(`UPDATE ${this.pages} SET done = true, counts = $2 WHERE scan_id = $1 AND NOT done RETURNING url`, [
        scan,
        countsJson({ failed: 1 }, { [LOST_PAGE]: 1 }),
      ]);
      return lost.rows.map((r) => r.url).sort();
    });
  }
}
