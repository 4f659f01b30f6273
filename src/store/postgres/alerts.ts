/** The alerts' queue (kept until delivered), its delivery log, and how far the findings' events have been read. */
import { ALERT_COLUMNS, DELIVERY_COLUMNS, OPENING_EVENTS, alertOf, deliveryOf, type AlertRow, type DeliveryRow } from '../account-rows.ts';
import { toJson } from '../codec.ts';
import { pageLimit } from '../common.ts';
import type { AlertDelivery, AlertEvent, AlertInput, AlertRepo, QueuedAlert } from '../ports.ts';
import type { PgConnection } from './db.ts';

export class PgAlerts implements AlertRepo {
  private readonly alerts: string;
  private readonly log: string;
  private readonly cursor: string;
  private readonly events: string;

  constructor(private readonly conn: PgConnection) {
    this.alerts = conn.table('alerts');
    this.log = conn.table('alert_deliveries');
    this.cursor = conn.table('alert_cursor');
    this.events = conn.table('finding_events');
  }

  async newEvents(limit: number): Promise<AlertEvent[]> {
    const rows = await this.conn.rows<{ id: number; finding_id: number; from_status: string | null; at: string }>(
      'reading new findings for alerts',
      `SELECT id, finding_id, from_status, at FROM ${this.events}
       WHERE id > (SELECT event_id FROM ${this.cursor} WHERE name = 'events') AND ${OPENING_EVENTS} ORDER BY id LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({ eventId: Number(r.id), findingId: Number(r.finding_id), kind: r.from_status === null ? 'new' : 'reopened', at: r.at }));
  }

  async enqueue(alerts: AlertInput[], cursor: number): Promise<void> {
    await this.conn.write(`queueing ${alerts.length} alerts`, async (tx) => {
      // One process moves the cursor at a time.
      await tx.row(`SELECT event_id FROM ${this.cursor} WHERE name = 'events' FOR UPDATE`);
      for (const a of alerts) {
        await tx.run(
          `INSERT INTO ${this.alerts} (channel, mode, event_id, finding_id, kind, payload, created_at, status, next_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', $8) ON CONFLICT (channel, event_id) DO NOTHING`,
          [a.channel, a.mode, a.eventId, a.findingId, a.kind, toJson(a.payload), a.createdAt, a.nextAt],
        );
      }
      await tx.run(`UPDATE ${this.cursor} SET event_id = GREATEST(event_id, $1) WHERE name = 'events'`, [cursor]);
    });
  }

  async claim(now: string, leaseUntil: string, limit = 500): Promise<QueuedAlert[]> {
    return this.conn.write('taking due alerts', async (tx) => {
      // SKIP LOCKED: a process taking alerts at the same moment gets the others.
      const rows = await tx.rows<AlertRow>(
        `SELECT ${ALERT_COLUMNS} FROM ${this.alerts} WHERE status = 'pending' AND next_at <= $1 ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [now, limit],
      );
      if (rows.length) await tx.run(`UPDATE ${this.alerts} SET next_at = $1 WHERE id = ANY($2::bigint[])`, [leaseUntil, rows.map((r) => Number(r.id))]);
      return rows.map(alertOf);
    });
  }

  async attempted(ids: number[], channel: string, result: { ok: boolean; detail: string; at: string; nextAt?: string }): Promise<void> {
    await this.conn.write(`recording a delivery to ${channel}`, async (tx) => {
      if (result.ok) {
        await tx.run(
          `UPDATE ${this.alerts} SET status = 'delivered', attempts = attempts + 1, delivered_at = $1, last_error = NULL WHERE id = ANY($2::bigint[])`,
          [result.at, ids],
        );
      } else {
        await tx.run(`UPDATE ${this.alerts} SET attempts = attempts + 1, next_at = $1, last_error = $2 WHERE id = ANY($3::bigint[])`, [
          result.nextAt ?? result.at,
          result.detail,
          ids,
        ]);
      }
      await tx.run(`INSERT INTO ${this.log} (at, channel, alerts, ok, detail) VALUES ($1, $2, $3, $4, $5)`, [
        result.at,
        channel,
        ids.length,
        result.ok,
        result.detail,
      ]);
    });
  }

  async list(options: { status?: 'pending' | 'delivered'; limit?: number } = {}): Promise<QueuedAlert[]> {
    const limit = pageLimit(options.limit, 100);
    const rows = options.status
      ? await this.conn.rows<AlertRow>('listing alerts', `SELECT ${ALERT_COLUMNS} FROM ${this.alerts} WHERE status = $1 ORDER BY id DESC LIMIT $2`, [
          options.status,
          limit,
        ])
      : await this.conn.rows<AlertRow>('listing alerts', `SELECT ${ALERT_COLUMNS} FROM ${this.alerts} ORDER BY id DESC LIMIT $1`, [limit]);
    return rows.map(alertOf);
  }

  async deliveries(limit?: number): Promise<AlertDelivery[]> {
    const rows = await this.conn.rows<DeliveryRow>('reading the delivery log', `SELECT ${DELIVERY_COLUMNS} FROM ${this.log} ORDER BY id DESC LIMIT $1`, [
      pageLimit(limit, 100),
    ]);
    return rows.map(deliveryOf);
  }

  async prune(before: string): Promise<{ alerts: number; deliveries: number }> {
    return this.conn.write('trimming the delivered alerts and the delivery log', async (tx) => ({
      alerts: await tx.run(`DELETE FROM ${this.alerts} WHERE status = 'delivered' AND delivered_at < $1`, [before]),
      deliveries: await tx.run(`DELETE FROM ${this.log} WHERE at < $1`, [before]),
    }));
  }
}
