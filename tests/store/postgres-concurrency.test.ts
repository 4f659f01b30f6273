/**
 * Several processes on one PostgreSQL database (here: several stores, each with its own pool, on
 * one schema): the same copy seen at once is one finding, the same article one article, one run
 * at a time, a frontier URL queued once.
 */
import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/index.ts';
import { article, finding, t, thrown } from './contract/fixtures.ts';
import { usePostgres } from './support/pg.ts';

const pg = usePostgres();

/** `count` stores (pools) on one new schema, and its name. */
async function shared(count: number): Promise<{ schema: string; stores: Store[] }> {
  const schema = pg.schema();
  const stores: Store[] = [];
  for (let i = 0; i < count; i++) stores.push(await pg.open({ schema }));
  return { schema, stores };
}

async function closeAll(stores: Store[]): Promise<void> {
  await Promise.all(stores.map((s) => s.close()));
}

/** Resolves to whether `promise` is still pending after `ms`. */
async function pendingAfter(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let settled = false;
  promise.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  await new Promise((resolve) => setTimeout(resolve, ms));
  return !settled;
}

describe('postgres store: several processes on one database', () => {
  it('two pools upserting the same finding at once make one finding, created once, with one event', async () => {
    const {
      stores: [a, b],
    } = await shared(2);
    for (let round = 0; round < 25; round++) {
      const input = finding(String(round), `https://copy.example/${round}`);
      const results = await Promise.all([a.findings.upsert(input, t(round), 'worker-a'), b.findings.upsert(input, t(round), 'worker-b')]);
      expect(
        results.filter((r) => r.created),
        `round ${round}`,
      ).toHaveLength(1);
      expect(results[0].finding.id).toBe(results[1].finding.id);
      expect(await a.findings.events(results[0].finding.id)).toHaveLength(1);
    }
    expect(await a.findings.count()).toBe(25);
    expect(await b.findings.count({ rule: 'no-reproduction' })).toBe(25);
    await closeAll([a, b]);
  });

  it('many pools hammering a few findings keep one finding per article and URL', async () => {
    const { stores } = await shared(4);
    const work: Array<Promise<unknown>> = [];
    for (let i = 0; i < 200; i++) {
      const store = stores[i % stores.length];
      work.push(store.findings.upsert(finding(String(i % 3), `https://copy.example/${i % 5}`), t(i), `worker-${i % 4}`));
    }
    await Promise.all(work);
    expect(await stores[0].findings.count()).toBe(15);
    for (const f of (await stores[1].findings.list({ limit: 500 })).items) {
      expect(await stores[2].findings.events(f.id)).toHaveLength(1);
      expect(f.lastSeen).toBe(
        t(Math.max(...Array.from({ length: 200 }, (_, i) => i).filter((i) => String(i % 3) === f.articleId && `https://copy.example/${i % 5}` === f.url))),
      );
    }
    await closeAll(stores);
  });

  it('the process that loses the race for a first sighting waits for the winner, then updates its finding', async () => {
    const {
      schema,
      stores: [store],
    } = await shared(1);
    const admin = pg.admin();
    const input = finding('1', 'https://copy.example/race');
    // Another process has inserted the finding but not committed yet.
    await admin.query('BEGIN');
    const winner = await admin.query(
      `INSERT INTO "${schema}".findings (article_id, article_url, article_title, url, host, verdict, containment, matched_chars,
      facts, violations, severity, severity_rank, status, first_seen, last_seen, evidence_id, passages, scope)
      VALUES ('1', $1, 'Title 1', $2, 'copy.example', 'full', 0.9, 900, '{}', '[]', 'high', 3, 'dismissed', $3, $3, NULL, '[]', 'article') RETURNING id`,
      [input.articleUrl, input.url, t(0)],
    );
    const upsert = store.findings.upsert(input, t(5), 'worker-b');
    const waited = await pendingAfter(upsert, 300);
    await admin.query('COMMIT');
    expect(waited).toBe(true);
    const result = await upsert;
    expect(result).toMatchObject({
      created: false,
      reopened: false,
      finding: { id: Number(winner.rows[0].id), status: 'dismissed', firstSeen: t(0), lastSeen: t(5), severity: 'high' },
    });
    expect(result.finding.violations.map((v) => v.ruleId)).toEqual(['no-reproduction']);
    expect(await store.findings.count({ rule: 'no-reproduction' })).toBe(1);
    expect(await store.findings.events(result.finding.id)).toEqual([]);
    await store.close();
  });

  it('two pools upserting the same article at once make one article', async () => {
    const {
      stores: [a, b],
    } = await shared(2);
    for (let n = 1; n <= 20; n++) {
      const results = await Promise.all([a.articles.upsert(article(n), t(n)), b.articles.upsert(article(n), t(n + 1))]);
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(results[0].id).toBe(results[1].id);
      expect((await a.articles.get(results[0].id))?.lastSeen).toBe(t(n + 1));
    }
    expect(await b.articles.count()).toBe(20);
    await closeAll([a, b]);
  });

  it('starts one run when two processes start at once', async () => {
    const { stores } = await shared(4);
    const results = await Promise.allSettled(stores.map((s, i) => s.scans.start({ job: 'scan', target: 'portal', owner: `host-${i}:1`, at: t(0) })));
    const started = results.filter((r) => r.status === 'fulfilled');
    expect(started).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect((r.reason as { code?: string }).code).toBe('JOB_RUNNING');
    expect((await stores[0].scans.list()).map((s) => s.status)).toEqual(['running']);
    // Two takeovers of a stale run at once: one interrupts it and starts, the other is refused.
    const later = await Promise.allSettled(stores.slice(0, 2).map((s, i) => s.scans.start({ job: 'scan', target: 'portal', owner: `host-${i}:2`, at: t(10) })));
    expect(later.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((await stores[1].scans.list()).map((s) => s.status)).toEqual(['running', 'interrupted']);
    await closeAll(stores);
  });

  it('a heartbeat of a run taken over fails with JOB_RUNNING', async () => {
    const {
      stores: [a, b],
    } = await shared(2);
    const run = await a.scans.start({ job: 'index', target: null, owner: 'a:1', at: t(0) });
    await b.scans.start({ job: 'index', target: null, owner: 'b:1', at: t(5) });
    const error = await thrown(() => a.scans.heartbeat(run.id, run.counts, {}, t(6)));
    expect(error.code).toBe('JOB_RUNNING');
    expect(error.message).toContain(`run #${run.id} is no longer running (it is interrupted: no heartbeat since ${t(0)}`);
    await closeAll([a, b]);
  });
});
