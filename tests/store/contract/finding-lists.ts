/** Contract: listing findings (filters, sorts, keyset pages), counts, sites, per day, recheck. */
import { describe, expect, it } from 'vitest';
import type { Finding, FindingStatus } from '../../../src/domain/index.ts';
import type { FindingFilter, Store } from '../../../src/store/index.ts';
import { finding, rank, t, thrown, violation, type StoreContext } from './fixtures.ts';

const HOSTS = ['a.example', 'b.example', 'c.example'];
const STATUS_PATH: Array<FindingStatus[]> = [[], ['confirmed'], ['dismissed'], ['confirmed', 'notice-sent'], ['resolved']];
type Sort = NonNullable<FindingFilter['sort']>;
const SORTS: Sort[] = ['lastSeen', 'firstSeen', 'severity', 'containment'];

/** Finding `i` of a varied set: hosts, articles, rules, severities, statuses, times and tied containments. */
async function addFinding(store: Store, i: number): Promise<Finding> {
  const host = HOSTS[i % 3];
  const violations =
    i % 2 ? [violation('no-reproduction', 'high')] : [violation('uncredited-excerpt', 'medium'), violation('no-mirror', i % 4 === 0 ? 'critical' : 'low')];
  const input = finding(String(1 + (i % 4)), `https://${host}/p/${i}`, { violations, containment: 0.1 + (i % 5) / 5 });
  let { finding: f } = await store.findings.upsert(input, t(i * 10), 'scan');
  if (i % 3 === 1) f = (await store.findings.upsert(input, t(1000 + i), 'scan')).finding;
  for (const to of STATUS_PATH[i % 5]) f = await store.findings.setStatus(f.id, to, { actor: 'test', at: t(2000), system: true });
  return f;
}

async function seed(store: Store, n: number, from = 0): Promise<Finding[]> {
  const out: Finding[] = [];
  for (let i = from; i < from + n; i++) out.push(await addFinding(store, i));
  return out;
}

function key(f: Finding, sort: Sort): string | number {
  return sort === 'lastSeen' ? f.lastSeen : sort === 'firstSeen' ? f.firstSeen : sort === 'severity' ? rank(f.severity) : f.containment;
}

function sorted(all: Finding[], sort: Sort = 'lastSeen', order: 'asc' | 'desc' = 'desc'): number[] {
  const sign = order === 'asc' ? 1 : -1;
  return [...all]
    .sort((a, b) => {
      const ka = key(a, sort);
      const kb = key(b, sort);
      return sign * (ka < kb ? -1 : ka > kb ? 1 : a.id - b.id);
    })
    .map((f) => f.id);
}

async function ids(store: Store, filter: FindingFilter): Promise<number[]> {
  return (await store.findings.list({ limit: 500, ...filter })).items.map((f) => f.id);
}

export function findingListContract(ctx: StoreContext): void {
  describe('findings: lists', () => {
    it('filters by status, site, rule, severity, since and article, and counts alike', async () => {
      const all = await seed(ctx.store, 20);
      const cases: Array<[FindingFilter, (f: Finding) => boolean]> = [
        [{}, () => true],
        [{ status: 'open' }, (f) => f.status === 'open'],
        [{ status: ['confirmed', 'notice-sent'] }, (f) => f.status === 'confirmed' || f.status === 'notice-sent'],
        [{ site: 'b.example' }, (f) => f.host === 'b.example'],
        [{ rule: 'no-mirror' }, (f) => f.violations.some((v) => v.ruleId === 'no-mirror')],
        [{ severity: 'high' }, (f) => rank(f.severity) >= rank('high')],
        [{ severity: 'critical' }, (f) => f.severity === 'critical'],
        [{ since: t(100) }, (f) => f.lastSeen >= t(100)],
        [{ since: '2024-03-01T01:40:00Z' }, (f) => f.lastSeen >= t(100)], // the same time, written without milliseconds
        [{ articleId: '2' }, (f) => f.articleId === '2'],
        [
          { status: 'open', site: 'a.example', rule: 'uncredited-excerpt' },
          (f) => f.status === 'open' && f.host === 'a.example' && f.violations.some((v) => v.ruleId === 'uncredited-excerpt'),
        ],
        [{ site: 'nobody.example' }, () => false],
      ];
      for (const [filter, keep] of cases) {
        const expected = sorted(all.filter(keep));
        expect(await ids(ctx.store, filter), JSON.stringify(filter)).toEqual(expected);
        expect(await ctx.store.findings.count(filter), JSON.stringify(filter)).toBe(expected.length);
      }
      expect(new Set(all.map((f) => f.status)).size).toBe(5);
      expect((await thrown(() => ctx.store.findings.list({ status: 'bogus' as FindingStatus }))).code).toBe('INPUT_INVALID');
    });

    it('sorts by lastSeen (newest first by default), firstSeen, severity and containment, ties by id', async () => {
      const all = await seed(ctx.store, 20);
      expect(await ids(ctx.store, {})).toEqual(sorted(all, 'lastSeen', 'desc'));
      for (const sort of SORTS) {
        for (const order of ['asc', 'desc'] as const) {
          expect(await ids(ctx.store, { sort, order }), `${sort} ${order}`).toEqual(sorted(all, sort, order));
        }
      }
    });

    it('pages with a cursor, no duplicates or gaps, while findings are added between pages', async () => {
      await seed(ctx.store, 25);
      for (const sort of SORTS) {
        for (const order of ['asc', 'desc'] as const) {
          const before = await ids(ctx.store, { sort, order });
          const seen: number[] = [];
          let cursor: string | undefined;
          let added = 0;
          do {
            const page = await ctx.store.findings.list({ sort, order, limit: 4, cursor });
            seen.push(...page.items.map((f) => f.id));
            cursor = page.nextCursor ?? undefined;
            if (added < 3) await addFinding(ctx.store, 100 + 10 * SORTS.indexOf(sort) + (order === 'asc' ? 5 : 0) + added++);
          } while (cursor);
          expect(new Set(seen).size, `${sort} ${order}: duplicates`).toBe(seen.length);
          expect(
            before.filter((id) => !seen.includes(id)),
            `${sort} ${order}: gaps`,
          ).toEqual([]);
          const now = await ctx.store.findings.list({ sort, order, limit: 500 });
          const position = new Map(now.items.map((f, i) => [f.id, i]));
          const positions = seen.map((id) => position.get(id) ?? -1);
          expect(positions, `${sort} ${order}: out of order`).toEqual([...positions].sort((a, b) => a - b));
        }
      }
    });

    it('pages hold 50 findings by default; a cursor belongs to its sort', async () => {
      await seed(ctx.store, 55);
      const first = await ctx.store.findings.list();
      expect(first.items).toHaveLength(50);
      expect(first.nextCursor).not.toBeNull();
      const second = await ctx.store.findings.list({ cursor: first.nextCursor ?? undefined });
      expect(second.items).toHaveLength(5);
      expect(second.nextCursor).toBeNull();
      expect((await thrown(() => ctx.store.findings.list({ sort: 'severity', cursor: first.nextCursor ?? undefined }))).code).toBe('INPUT_INVALID');
      expect((await thrown(() => ctx.store.findings.list({ cursor: 'nonsense' }))).code).toBe('INPUT_INVALID');
    });

    it('leaves the passages out when asked (passages: false), and nothing else, page for page', async () => {
      await seed(ctx.store, 12);
      const whole = await ctx.store.findings.list({ sort: 'containment', limit: 5 });
      const light = await ctx.store.findings.list({ sort: 'containment', limit: 5, passages: false });
      expect(whole.items.every((f) => f.passages.length > 0)).toBe(true);
      expect(light.items).toEqual(whole.items.map((f) => ({ ...f, passages: [] })));
      expect(light.nextCursor).toBe(whole.nextCursor);
    });

    // 1300 findings of one rule: above the count at which SQLite walks the sort index instead of starting from the rule's findings.
    it('lists a rule with many findings as it lists a rare one', async () => {
      const store = ctx.store;
      for (let i = 0; i < 1300; i++) {
        const violations = [violation('common', i % 3 ? 'high' : 'low'), ...(i % 97 === 0 ? [violation('rare')] : [])];
        await store.findings.upsert(finding(String(i % 50), `https://copy.example/${i}`, { violations, containment: (i % 10) / 10 }), t(i % 400), 'scan');
      }
      for (const [rule, expected] of [
        ['common', 1300],
        ['rare', 14],
      ] as const) {
        for (const sort of ['lastSeen', 'containment'] as const) {
          const all = (await store.findings.list({ rule, sort, limit: 500 })).items;
          const seen: number[] = [];
          let cursor: string | undefined;
          do {
            const page = await store.findings.list({ rule, sort, status: ['open', 'confirmed'], limit: 200, cursor });
            seen.push(...page.items.map((f) => f.id));
            cursor = page.nextCursor ?? undefined;
          } while (cursor);
          expect(seen).toHaveLength(expected);
          expect(new Set(seen).size).toBe(expected);
          expect(seen.slice(0, all.length)).toEqual(all.map((f) => f.id));
          expect(await store.findings.count({ rule })).toBe(expected);
        }
      }
    });
  });

  describe('findings: summaries', () => {
    it('summarizes per site: findings, still open, highest severity, last seen', async () => {
      const all = await seed(ctx.store, 20);
      const sites = await ctx.store.findings.sites();
      expect(sites.map((s) => s.host).sort()).toEqual([...HOSTS]);
      for (const site of sites) {
        const mine = all.filter((f) => f.host === site.host);
        expect(site).toEqual({
          host: site.host,
          findings: mine.length,
          open: mine.filter((f) => ['open', 'confirmed', 'notice-sent'].includes(f.status)).length,
          maxSeverity: mine.map((f) => f.severity).sort((a, b) => rank(b) - rank(a))[0],
          lastSeen: mine
            .map((f) => f.lastSeen)
            .sort()
            .at(-1),
        });
      }
    });

    it('counts findings first seen per UTC day, zeros included', async () => {
      const times = [
        '2024-02-20T12:00:00.000Z',
        '2024-03-01T00:00:00.000Z',
        '2024-03-01T23:59:59.999Z',
        '2024-03-03T08:00:00.000Z',
        '2024-03-05T00:00:00.000Z',
      ];
      for (const [i, at] of times.entries()) await ctx.store.findings.upsert(finding('1', `https://a.example/d/${i}`), at, 'scan');
      await ctx.store.findings.upsert(finding('1', 'https://a.example/d/0'), '2024-03-02T09:00:00.000Z', 'scan'); // a later sighting is not a new finding
      expect(await ctx.store.findings.perDay(5, '2024-03-04T18:30:00.000Z')).toEqual([
        { day: '2024-02-29', count: 0 },
        { day: '2024-03-01', count: 2 },
        { day: '2024-03-02', count: 0 },
        { day: '2024-03-03', count: 1 },
        { day: '2024-03-04', count: 0 },
      ]);
    });

    it('gives recheck the open, confirmed, notice-sent and resolved findings, least recently seen first', async () => {
      const all = await seed(ctx.store, 20);
      const expected = sorted(
        all.filter((f) => f.status !== 'dismissed'),
        'lastSeen',
        'asc',
      );
      expect((await ctx.store.findings.forRecheck()).map((f) => f.id)).toEqual(expected);
      expect((await ctx.store.findings.forRecheck(3)).map((f) => f.id)).toEqual(expected.slice(0, 3));
    });
  });
}
