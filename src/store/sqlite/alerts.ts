/** The alerts' queue (kept until delivered, then for the retention period), its delivery log, and how far the findings' events have been read. */
import { ALERT_COLUMNS, DELIVERY_COLUMNS, OPENING_EVENTS, alertOf, deliveryOf, type AlertRow, type DeliveryRow } from '../account-rows.ts';
import { toJson } from '../codec.ts';
import { pageLimit } from '../common.ts';
import type { AlertDelivery, AlertEvent, AlertInput, AlertRepo, QueuedAlert } from '../ports.ts';
import type { Connection } from './db.ts';

export class SqliteAlerts implements AlertRepo {
  constructor(private readonly conn: Connection) {}

  async newEvents(limit: number): Promise<AlertEvent[]> {
    const rows = this.conn.read('reading new findings for alerts', () =>
      this.conn
        .stmt<{ id: number; finding_id: number; from_status: string | null; at: string }>(
          `SELECT id, finding_id, from_status, at FROM finding_events
           WHERE id > (SELECT event_id FROM alert_cursor WHERE name = 'events') AND ${OPENING_EVENTS} ORDER BY id LIMIT ?`,
        )
        .all(limit),
    );
    return rows.map((r) => ({ eventId: r.id, findingId: r.finding_id, kind: r.from_status === null ? 'new' : 'reopened', at: r.at }));
  }

  async enqueue(alerts: AlertInput[], cursor: number): Promise<void> {
    this.conn.write(`queueing ${alerts.length} alerts`, () => {
      const insert = this.conn.stmt(
        `INSERT INTO alerts (channel, mode, event_id, finding_id, kind, payload, created_at, status, next_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?) ON CONFLICT (channel, event_id) DO NOTHING`,
      );
      for (const a of alerts) insert.run(a.channel, a.mode, a.eventId, a.findingId, a.kind, toJson(a.payload), a.createdAt, a.nextAt);
      this.conn.stmt("UPDATE alert_cursor SET event_id = MAX(event_id, ?) WHERE name = 'events'").run(cursor);
    });
  }

  async claim(now: string, leaseUntil: string, limit = 500): Promise<QueuedAlert[]> {
    return this.conn.write('taking due alerts', () => {
      const rows = this.conn
        .stmt<AlertRow>(`SELECT ${ALERT_COLUMNS} FROM alerts WHERE status = 'pending' AND next_at <= ? ORDER BY id LIMIT ?`)
        .all(now, limit);
      const hold = this.conn.stmt('UPDATE alerts SET next_at = ? WHERE id = ?');
      for (const r of rows) hold.run(leaseUntil, r.id);
      return rows.map(alertOf);
    });
  }

  async attempted(ids: number[], channel: string, result: { ok: boolean; detail: string; at: string; nextAt?: string }): Promise<void> {
    this.conn.write(`recording a delivery to ${channel}`, () => {
      const update = result.ok
        ? this.conn.stmt("UPDATE alerts SET status = 'delivered', attempts = attempts + 1, delivered_at = ?, last_error = NULL WHERE id = ?")
        : this.conn.stmt('UPDATE alerts SET attempts = attempts + 1, next_at = ?, last_error = ? WHERE id = ?');
      for (const id of ids) {
        if (result.ok) update.run(result.at, id);
        else update.run(result.nextAt ?? result.at, result.detail, id);
      }
      this.conn
        .stmt('INSERT INTO alert_deliveries (at, channel, alerts, ok, detail) VALUES (?, ?, ?, ?, ?)')
        .run(result.at, channel, ids.length, result.ok ? 1 : 0, result.detail);
    });
  }

  async list(options: { status?: 'pending' | 'delivered'; limit?: number } = {}): Promise<QueuedAlert[]> {
    const limit = pageLimit(options.limit, 100);
    return this.conn
      .read('listing alerts', () =>
        options.status
          ? this.conn.stmt<AlertRow>(`SELECT ${ALERT_COLUMNS} FROM alerts WHERE status = ? ORDER BY id DESC LIMIT ?`).all(options.status, limit)
          : this.conn.stmt<AlertRow>(`SELECT ${ALERT_COLUMNS} FROM alerts ORDER BY id DESC LIMIT ?`).all(limit),
      )
      .map(alertOf);
  }

  async deliveries(limit?: number): Promise<AlertDelivery[]> {
    return this.conn
      .read('reading the delivery log', () =>
        this.conn.stmt<DeliveryRow>(`SELECT ${DELIVERY_COLUMNS} FROM alert_deliveries ORDER BY id DESC LIMIT ?`).all(pageLimit(limit, 100)),
      )
      .map(deliveryOf);
  }

  async prune(before: string): Promise<{ alerts: number; deliveries: number }> {
    return this.conn.write('trimming the delivered alerts and the delivery log', () => ({
      alerts: this.conn.stmt("DELETE FROM alerts WHERE status = 'delivered' AND delivered_at < ?").run(before).changes,
      deliveries: this.conn.stmt('DELETE FROM alert_deliveries WHERE at < ?').run(before).changes,
    }));
  }
}
