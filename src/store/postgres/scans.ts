/**
 * Runs of jobs. One database runs one crawling job (index, scan, recheck) at a time, whatever its
 * target and however many processes share it; manual checks run beside anything. A run starts
 * only when no other run is `running` with a heartbeat newer than `staleAfterMs`; a stale one (its
 * process killed) is marked `interrupted` so that the new run can resume it. Starts are serialized by an advisory lock on the schema, and the running rows are
 * locked while they are judged, so that a heartbeat cannot slip in between.
 */
import {
  CopywatchError,
  EMPTY_COUNTS,
  MAX_LISTED_FAILURES,
  type JobKind,
  type Scan,
  type ScanCounts,
  type ScanFailure,
  type ScanStatus,
} from '../../domain/index.ts';
import type { ScanRepo } from '../ports.ts';
import { pageLimit, utc } from '../common.ts';
import { rowId, toJson } from '../codec.ts';
import { DEFAULT_STALE_AFTER_MS, SCAN_COLUMNS, runningConflict, runsBeside, scanOf, staleNote, type ScanRow } from '../rows.ts';
import type { PgConnection, Tx } from './db.ts';
import { lockKey } from './locks.ts';

export class PgScans implements ScanRepo {
  private readonly t: string;

  constructor(private readonly conn: PgConnection) {
    this.t = conn.table('scans');
  }

  async start(input: { job: JobKind; target: string | null; owner: string; at: string; staleAfterMs?: number }): Promise<Scan> {
    const at = utc(input.at, 'the start of the run');
    const staleAfter = input.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
    return this.conn.write(`starting a ${input.job} run`, async (tx) => {
      await tx.run('SELECT pg_advisory_xact_lock($1, $2)', lockKey(this.conn.schema, 'scans.start'));
      const running = await tx.rows<ScanRow>(`SELECT ${SCAN_COLUMNS} FROM ${this.t} WHERE status = 'running' ORDER BY id FOR UPDATE`);
      for (const run of running) {
        const conflict = runningConflict(run, at, staleAfter);
        if (conflict && runsBeside(input.job, run.job as JobKind)) continue;
        if (conflict) throw new CopywatchError('JOB_RUNNING', conflict);
        await tx.run(`UPDATE ${this.t} SET status = 'interrupted', ended_at = $1, error = $2 WHERE id = $3`, [
          at,
          staleNote(run, input.owner, input.job),
          run.id,
        ]);
      }
      return this.insert(
        tx,
        `INSERT INTO ${this.t} (job, target, status, started_at, counts, reasons, owner, heartbeat_at)
        VALUES ($1, $2, 'running', $3, $4, '{}', $5, $3) RETURNING ${SCAN_COLUMNS}`,
        [input.job, input.target, at, toJson(EMPTY_COUNTS), input.owner],
      );
    });
  }

  async heartbeat(id: number, counts: ScanCounts, reasons: Record<string, number>, at: string): Promise<void> {
    const beat = utc(at, 'the heartbeat');
    await this.conn.write(`recording the heartbeat of run #${id}`, async (tx) => {
      const changes = await tx.run(`UPDATE ${this.t} SET counts = $1, reasons = $2, heartbeat_at = $3 WHERE id = $4 AND status = 'running'`, [
        toJson(counts),
        toJson(reasons),
        beat,
        rowId(id),
      ]);
      if (changes) return;
      const row = await tx.row<ScanRow>(`SELECT ${SCAN_COLUMNS} FROM ${this.t} WHERE id = $1`, [rowId(id)]);
      if (!row) throw new CopywatchError('NOT_FOUND', `run #${id} does not exist`);
      throw new CopywatchError(
        'JOB_RUNNING',
        `run #${id} is no longer running (it is ${row.status}${row.error ? `: ${row.error}` : ''}); another run holds the database`,
      );
    });
  }

  async finish(
    id: number,
    status: Exclude<ScanStatus, 'running'>,
    counts: ScanCounts,
    reasons: Record<string, number>,
    at: string,
    error: string | null = null,
  ): Promise<Scan> {
    const ended = utc(at, 'the end of the run');
    const row = await this.conn.row<ScanRow>(
      `finishing run #${id}`,
      `UPDATE ${this.t} SET status = $1, counts = $2, reasons = $3, ended_at = $4, error = $5
      WHERE id = $6 RETURNING ${SCAN_COLUMNS}`,
      [status, toJson(counts), toJson(reasons), ended, error, rowId(id)],
    );
    if (!row) throw new CopywatchError('NOT_FOUND', `run #${id} does not exist`);
    return scanOf(row);
  }

  async record(input: { job: JobKind; target: string | null; status: 'skipped' | 'missed'; at: string; error: string }): Promise<Scan> {
    const at = utc(input.at, 'the skipped run');
    return this.conn.write(`recording a ${input.status} ${input.job} run`, (tx) =>
      this.insert(
        tx,
        `INSERT INTO ${this.t}
      (job, target, status, started_at, ended_at, counts, reasons, error) VALUES ($1, $2, $3, $4, $4, $5, '{}', $6) RETURNING ${SCAN_COLUMNS}`,
        [input.job, input.target, input.status, at, toJson(EMPTY_COUNTS), input.error],
      ),
    );
  }

  async get(id: number): Promise<Scan | null> {
    const row = await this.conn.row<ScanRow>(`reading run #${id}`, `SELECT ${SCAN_COLUMNS} FROM ${this.t} WHERE id = $1`, [rowId(id)]);
    return row ? scanOf(row) : null;
  }

  async list(limit?: number): Promise<Scan[]> {
    const n = pageLimit(limit);
    return (await this.conn.rows<ScanRow>('listing runs', `SELECT ${SCAN_COLUMNS} FROM ${this.t} ORDER BY id DESC LIMIT $1`, [n])).map(scanOf);
  }

  /** The latest run of `job`, of any target when `target` is undefined, else of that target (null: none). */
  async latest(job: JobKind, target?: string | null): Promise<Scan | null> {
    const row =
      target === undefined
        ? await this.conn.row<ScanRow>(`reading the latest ${job} run`, `SELECT ${SCAN_COLUMNS} FROM ${this.t} WHERE job = $1 ORDER BY id DESC LIMIT 1`, [job])
        : await this.conn.row<ScanRow>(
            `reading the latest ${job} run`,
            `SELECT ${SCAN_COLUMNS} FROM ${this.t} WHERE job = $1 AND target IS NOT DISTINCT FROM $2 ORDER BY id DESC LIMIT 1`,
            [job, target],
          );
    return row ? scanOf(row) : null;
  }

  private async insert(tx: Tx, sql: string, params: unknown[]): Promise<Scan> {
    const row = await tx.row<ScanRow>(sql, params);
    if (!row) throw new CopywatchError('INTERNAL', 'a run was inserted but not returned');
    return scanOf(row);
  }

  async addFailures(id: number, failures: ScanFailure[]): Promise<void> {
    if (!failures.length) return;
    const t = this.conn.table('scan_failures');
    await this.conn.write(`listing the failed pages of run #${id}`, async (tx) => {
      // Serialized per run, so that workers listing at once keep the cap.
      await tx.run('SELECT pg_advisory_xact_lock($1, $2)', lockKey(this.conn.schema, `scan_failures:${id}`));
      const room = MAX_LISTED_FAILURES - Number((await tx.row<{ n: string }>(`SELECT COUNT(*) AS n FROM ${t} WHERE scan_id = $1`, [rowId(id)]))?.n ?? 0);
      const rows = failures.slice(0, Math.max(0, room));
      if (!rows.length) return;
      await tx.run(
        `INSERT INTO ${t} (scan_id, url, reason, at) SELECT $1, u, r, a FROM unnest($2::text[], $3::text[], $4::text[]) AS x(u, r, a)
        ON CONFLICT (scan_id, url) DO NOTHING`,
        [rowId(id), rows.map((f) => f.url.slice(0, 2000)), rows.map((f) => f.reason.slice(0, 500)), rows.map((f) => utc(f.at, 'the failure'))],
      );
    });
  }

  async failures(id: number, limit = MAX_LISTED_FAILURES): Promise<ScanFailure[]> {
    return this.conn.rows<ScanFailure>(
      `reading the failed pages of run #${id}`,
      `SELECT url, reason, at FROM ${this.conn.table('scan_failures')} WHERE scan_id = $1 ORDER BY seq LIMIT $2`,
      [rowId(id), Math.max(0, Math.min(limit, MAX_LISTED_FAILURES))],
    );
  }
}
