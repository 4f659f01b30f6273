/**
 * Alerts, end to end on the demo: the scan's new findings go to a real SMTP server (smtp-server,
 * started here) as e-mail for the critical ones, and to a local webhook receiver as JSON signed
 * with HMAC-SHA256 (verified here). A receiver that fails keeps its alerts queued in the store:
 * they survive a restart (a new App on the same database) and are delivered when it answers again,
 * none lost, none twice. A webhook on a loopback address the crawler does not allow is refused by
 * the same guard as the crawler's, and its alerts stay queued. A digest waits for its hour.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALERT_RETENTION_DAYS, openApp, runAlerts, SIGNATURE_HEADER } from '../../src/scan/index.ts';
import { startHarness, type Harness } from '../server/harness.ts';

const SECRET = 'a-webhook-secret-of-some-length';
const CLOCK = Date.parse('2024-03-01T08:00:00Z');

interface Mail {
  from: string;
  to: string[];
  raw: string;
}

const mails: Mail[] = [];
const hooks: Record<string, Array<{ body: any; verified: boolean }>> = { good: [], flaky: [], digest: [] };
let flakyUp = false;
let smtp: SMTPServer;
let receiver: Server;
let h: Harness;

async function listen(server: { listen: (port: number, host: string) => unknown; once: Server['once'] } & Pick<Server, 'address'>): Promise<number> {
  server.listen(0, '127.0.0.1');
  await once(server as unknown as Server, 'listening');
  return (server.address() as AddressInfo).port;
}

function verify(raw: string, header: string | undefined): boolean {
  const expected = Buffer.from(`sha256=${createHmac('sha256', SECRET).update(raw).digest('hex')}`);
  const given = Buffer.from(header ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          from: String(session.envelope.mailFrom && session.envelope.mailFrom.address),
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  const smtpPort = await listen(smtp.server as unknown as Server);
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const name = (req.url ?? '').slice(1);
      if (name === 'flaky' && !flakyUp) {
        res.writeHead(503).end('down for maintenance');
        return;
      }
      hooks[name]?.push({ body: JSON.parse(raw), verified: verify(raw, req.headers[SIGNATURE_HEADER] as string | undefined) });
      res.writeHead(204).end();
    });
  });
  const hookPort = await listen(receiver);
  h = await startHarness({
    edit: (config) => {
      // The webhook receiver's name is mapped to loopback the way the crawler's sites are (crawler.resolve): allowed.
      config.crawler.resolve = { ...config.crawler.resolve, 'hooks.example': `127.0.0.1:${hookPort}` };
      config.alerts = [
        {
          name: 'rights-office-mail',
          when: { severity: 'critical', events: ['new'] },
          email: { to: ['rights@publisher.example'], from: 'copywatch@publisher.example', smtp: { host: '127.0.0.1', port: smtpPort } },
        },
        { name: 'good-hook', webhook: { url: 'http://hooks.example/good', secret: SECRET } },
        { name: 'flaky-hook', retryMs: 1000, webhook: { url: 'http://hooks.example/flaky', secret: SECRET } },
        // A loopback address the crawler does not allow: refused by the guard, kept queued.
        { name: 'private-hook', webhook: { url: `http://127.0.0.1:${hookPort}/good`, secret: SECRET } },
        { name: 'daily', delivery: 'digest', digestHour: 9, webhook: { url: 'http://hooks.example/digest', secret: SECRET } },
      ];
    },
  });
}, 120_000);

afterAll(async () => {
  await h?.close();
  await new Promise<void>((resolve) => smtp?.close(() => resolve()));
  receiver?.close();
});

describe('alerts', () => {
  let newFindings: number[];
  let critical: number[];

  it('sends a new critical finding by e-mail to a real SMTP server, and every new finding as a signed webhook', async () => {
    const all = (await h.app.store.findings.list({ limit: 500 })).items;
    newFindings = all.map((f) => f.id).sort((a, b) => a - b);
    critical = all.filter((f) => f.severity === 'critical').map((f) => f.id);
    expect(critical.length).toBeGreaterThan(0);

    const result = await runAlerts(h.app);
    expect(result.delivered).toBe(critical.length + newFindings.length);

    expect(mails).toHaveLength(critical.length);
    expect(mails[0].to).toEqual(['rights@publisher.example']);
    expect(mails[0].raw).toMatch(/Subject: copywatch: new critical finding on /);
    expect(mails[0].raw).toContain('[CRITICAL]');

    expect(hooks.good).toHaveLength(newFindings.length);
    expect(hooks.good.every((d) => d.verified)).toBe(true);
    expect(hooks.good.map((d) => d.body.alerts[0].findingId).sort((a: number, b: number) => a - b)).toEqual(newFindings);
    expect(hooks.good[0].body).toMatchObject({ channel: 'good-hook', mode: 'immediate', alerts: [{ kind: 'new' }] });
    // Nothing queued twice: a second round sends nothing new.
    expect(await runAlerts(h.app)).toMatchObject({ queued: 0, delivered: 0 });
  });

  it('keeps the alerts of a failing receiver and of a refused destination queued, and logs each attempt', async () => {
    const pending = await h.app.store.alerts.list({ status: 'pending', limit: 500 });
    const byChannel = (c: string) => pending.filter((a) => a.channel === c).length;
    expect(byChannel('flaky-hook')).toBe(newFindings.length);
    expect(byChannel('private-hook')).toBe(newFindings.length);
    expect(byChannel('daily')).toBe(newFindings.length);
    const log = await h.app.store.alerts.deliveries(500);
    expect(log.find((d) => d.channel === 'flaky-hook')).toMatchObject({ ok: false, detail: expect.stringMatching(/HTTP 503/) });
    expect(log.find((d) => d.channel === 'private-hook')).toMatchObject({ ok: false, detail: expect.stringMatching(/CRAWL_PRIVATE_ADDRESS|loopback/) });
    expect(hooks.good.every((d) => d.body.channel === 'good-hook')).toBe(true);
    // Admins see the queue and the log over the API.
    const api = await h.call('/api/alerts?limit=500');
    expect(api.status).toBe(200);
    expect(api.json.deliveries.some((d: any) => d.channel === 'flaky-hook' && !d.ok)).toBe(true);
    expect(api.json.channels.map((c: any) => c.name)).toEqual(['rights-office-mail', 'good-hook', 'flaky-hook', 'private-hook', 'daily']);
  });

  it('delivers them after a restart once the receiver answers again: none lost, none twice', async () => {
    flakyUp = true;
    // A new process on the same database, later (after the backoff).
    const app = await openApp(h.setup.configPath, { clock: () => new Date(CLOCK + 10 * 60_000) });
    try {
      const r = await runAlerts(app);
      expect(r.failed).toBe(newFindings.length); // the private destination, still refused
      expect(hooks.flaky.map((d) => d.body.alerts[0].findingId).sort((a: number, b: number) => a - b)).toEqual(newFindings);
      expect(hooks.flaky.every((d) => d.verified)).toBe(true);
      expect(await runAlerts(app)).toMatchObject({ delivered: 0 });
      expect(hooks.flaky).toHaveLength(newFindings.length);
      // The digest waits for its hour (09:00 UTC), then comes as one message.
      expect(hooks.digest).toHaveLength(0);
      app.clock = () => new Date(Date.parse('2024-03-01T09:00:01Z'));
      await runAlerts(app);
      expect(hooks.digest).toHaveLength(1);
      expect(hooks.digest[0].body.mode).toBe('digest');
      expect(hooks.digest[0].body.alerts).toHaveLength(newFindings.length);
      expect(hooks.digest[0].verified).toBe(true);
    } finally {
      await app.close();
    }
  });

  it(`forgets delivered alerts and old delivery-log lines after ${ALERT_RETENTION_DAYS} days, and keeps the undelivered ones`, async () => {
    const later = CLOCK + (ALERT_RETENTION_DAYS + 1) * 86_400_000;
    const app = await openApp(h.setup.configPath, { clock: () => new Date(later) });
    try {
      const before = await app.store.alerts.list({ limit: 1000 });
      const pending = before.filter((a) => a.status === 'pending');
      expect(pending.length).toBeGreaterThan(0); // the private destination's, refused every time
      expect(before.some((a) => a.status === 'delivered')).toBe(true);
      await runAlerts(app);
      const after = await app.store.alerts.list({ limit: 1000 });
      expect(after.map((a) => a.id).sort()).toEqual(pending.map((a) => a.id).sort());
      // The log keeps only this round's lines (the refused destination tried again now).
      const log = await app.store.alerts.deliveries(1000);
      expect(log.length).toBeGreaterThan(0);
      expect(log.every((d) => Date.parse(d.at) >= later)).toBe(true);
    } finally {
      await app.close();
    }
  });
});
