/**
 * Runs of jobs. One SQLite database runs one crawling job (index, scan, recheck) at a time,
 * whatever its target; manual checks run beside anything (runsBeside). A run starts only when no
 * other run is `running` with a heartbeat newer than `staleAfterMs`; a stale one (its process
 * killed) is marked `interrupted` so that the new run can resume it.
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
import type { Connection } from './db.ts';

/** The same job and target (`IS` matches a NULL target with NULL). */
const SAME_RUN = 'job = ? AND target IS ?';

export class SqliteScans implements ScanRepo {
  constructor(private readonly conn: Connection) {}

  async start(input: { job: JobKind; target: string | null; owner: string; at: string; staleAfterMs?: number }): Promise<Scan> {
    const at = utc(input.at, 'the start of the run');
    const staleAfter = input.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
    return this.conn.write(`starting a ${input.job} run`, () => {
      const running = this.conn.stmt<ScanRow>(`SELECT ${SCAN_COLUMNS} FROM scans WHERE status = 'running' ORDER BY id`).all();
      for (const run of running) {
        const conflict = runningConflict(run, at, staleAfter);
        if (conflict && runsBeside(input.job, run.job as JobKind)) continue;
        if (conflict) throw new CopywatchError('JOB_RUNNING', conflict);
        this.conn.stmt("UPDATE scans SET status = 'interrupted', ended_at = ?, error = ? WHERE id = ?").run(at, staleNote(run, input.owner, input.job), run.id);
      }
      const id = Number(
        this.conn
          .stmt(
            `INSERT INTO scans (job, target, status, started_at, counts, reasons, owner, heartbeat_at)
        VALUES (?, ?, 'running', ?, ?, '{}', ?, ?)`,
          )
          .run(input.job, input.target, at, toJson(EMPTY_COUNTS), input.owner, at).lastInsertRowid,
      );
      return this.load(id);
    });
  }

  async heartbeat(id: number, counts: ScanCounts, reasons: Record<string, number>, at: string): Promise<void> {
    const beat = utc(at, 'the heartbeat');
    this.conn.write(`recording the heartbeat of run #${id}`, () => {
      const changes = this.conn
        .stmt("UPDATE scans SET counts = ?, reasons = ?, heartbeat_at = ? WHERE id = ? AND status = 'running'")
        .run(toJson(counts), toJson(reasons), beat, rowId(id)).changes;
      if (changes) return;
      const row = this.conn.stmt<ScanRow>(`SELECT ${SCAN_COLUMNS} FROM scans WHERE id = ?`).get(rowId(id));
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
    return this.conn.write(`finishing run #${id}`, () => {
      const changes = this.conn
        .stmt('UPDATE scans SET status = ?, counts = ?, reasons = ?, ended_at = ?, error = ? WHERE id = ?')
        .run(status, toJson(counts), toJson(reasons), ended, error, rowId(id)).changes;
      if (!changes) throw new CopywatchError('NOT_FOUND', `run #${id} does not exist`);
      return this.load(id);
    });
  }

  async record(input: { job: JobKind; target: string | null; status: 'skipped' | 'missed'; at: string; error: string }): Promise<Scan> {
    const at = utc(input.at, 'the skipped run');
    return this.conn.write(`recording a ${input.status} ${input.job} run`, () => {
      const id = Number(
        this.conn
          .stmt(
            `INSERT INTO scans (job, target, status, started_at, ended_at, counts, reasons, error)
        VALUES (?, ?, ?, ?, ?, ?, '{}', ?)`,
          )
          .run(input.job, input.target, input.status, at, at, toJson(EMPTY_COUNTS), input.error).lastInsertRowid,
      );
      return this.load(id);
    });
  }

  async get(id: number): Promise<Scan | null> {
    const row = this.conn.read(`reading run #${id}`, () => this.conn.stmt<ScanRow>(`SELECT ${SCAN_COLUMNS} FROM scans WHERE id = ?`).get(rowId(id)));
    return row ? scanOf(row) : null;
  }

  async list(limit?: number): Promise<Scan[]> {
    const n = pageLimit(limit);
    return this.conn.read('listing runs', () => this.conn.stmt<ScanRow>(`SELECT ${SCAN_COLUMNS} FROM scans ORDER BY id DESC LIMIT ?`).all(n)).map(scanOf);
  }

  /** The latest run of `job`, of any target when `target` is undefined, else of that target (null: none). */
  async latest(job: JobKind, target?: string | null): Promise<Scan | null> {
    const row = this.conn.read(`reading the latest ${job} run`, () =>
      target === undefined
        ? this.conn.stmt<ScanRow>(`SELECT ${SCAN_COLUMNS} FROM scans WHERE job = ? ORDER BY id DESC LIMIT 1`).get(job)
        : this.conn.stmt<ScanRow>(`SELECT ${SCAN_COLUMNS} FROM scans WHERE ${SAME_RUN} ORDER BY id DESC LIMIT 1`).get(job, target),
    );
    return row ? scanOf(row) : null;
  }

  private load(id: number): Scan {
    const row = this.conn.stmt<ScanRow>(`SELECT ${SCAN_COLUMNS} FROM scans WHERE id = ?`).get(id);
    if (!row) throw new CopywatchError('INTERNAL', `run #${id} vanished inside its own transaction`);
    return scanOf(row);
  }

  async addFailures(id: number, failures: ScanFailure[]): Promise<void> {
    if (!failures.length) return;
    this.conn.write(`listing the failed pages of run #${id}`, () => {
      let n = this.conn.stmt<{ n: number }>('SELECT COUNT(*) AS n FROM scan_failures WHERE scan_id = ?').get(rowId(id))?.n ?? 0;
      const add = this.conn.stmt('INSERT OR IGNORE INTO scan_failures (scan_id, seq, url, reason, at) VALUES (?, ?, ?, ?, ?)');
      for (const f of failures) {
        if (n >= MAX_LISTED_FAILURES) break;
        n += add.run(rowId(id), n, f.url.slice(0, 2000), f.reason.slice(0, 500), utc(f.at, 'the failure')).changes;
      }
    });
  }

  async failures(id: number, limit = MAX_LISTED_FAILURES): Promise<ScanFailure[]> {
    return this.conn.read(`reading the failed pages of run #${id}`, () =>
      this.conn
        .stmt<ScanFailure>('SELECT url, reason, at FROM scan_failures WHERE scan_id = ? ORDER BY seq LIMIT ?')
        .all(rowId(id), Math.max(0, Math.min(limit, MAX_LISTED_FAILURES))),
    );
  }
}
