/**
 * Alerts for new and reopened findings. Two steps, each safe to run from any process at any time:
 * - queue: the findings' events (kept by the store for every new or reopened finding, whichever
 *   job made it) are read after a cursor and matched against the config's rules; the matching
 *   alerts are queued and the cursor moved in one transaction, so an event is queued once and
 *   none is lost if the process dies;
 * - deliver: due alerts are sent, one message per alert (immediate) or per channel (the daily
 *   digest); a failed delivery stays queued and is due again after a backoff (the rule's retryMs,
 *   doubled each time, at most an hour). Every attempt is logged. Alerts being sent are held
 *   from other processes (a lease in the store), so two processes rarely send one twice.
 * Neither step throws: a failing channel never stops a scan or the server (the error is logged
 * and returned).
 */
import type { AlertConfig } from '../config/index.ts';
import { describeError, SEVERITIES, type Finding } from '../domain/index.ts';
import type { AlertInput, QueuedAlert } from '../store/ports.ts';
import { deliver, type AlertMessage } from './alert-channels.ts';
import type { App } from './app.ts';

const MAX_BACKOFF_MS = 3_600_000;
/** Delivered alerts and the delivery log's lines are kept this long (pending ones until delivered). */
export const ALERT_RETENTION_DAYS = 90;
/** How often one process trims them (ms). */
const PRUNE_EVERY_MS = 3_600_000;
const lastPruned = new WeakMap<App, number>();
/** How long alerts taken for sending are held from other processes (ms). */
const CLAIM_MS = 10 * 60_000;

const channelName = (a: AlertConfig, i: number) => a.name ?? `alert-${i + 1}`;

function hostMatches(host: string, sites: string[]): boolean {
  const h = host.toLowerCase();
  return sites.some((s) => h === s.toLowerCase() || h.endsWith(`.${s.toLowerCase()}`));
}

/** Whether an alert rule takes this finding. */
function alertMatches(rule: AlertConfig, finding: Finding, kind: 'new' | 'reopened'): boolean {
  const w = rule.when;
  if (!w.events.includes(kind)) return false;
  if (w.severity && SEVERITIES.indexOf(finding.severity) < SEVERITIES.indexOf(w.severity as Finding['severity'])) return false;
  if (w.verdicts && !w.verdicts.includes(finding.verdict as 'mirror' | 'full' | 'partial')) return false;
  if (w.sites && !hostMatches(finding.host, w.sites)) return false;
  return true;
}

/** The next digest time at `hour` (UTC) after `now`. */
function nextDigest(now: Date, hour: number): string {
  const t = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hour));
  if (t.getTime() <= now.getTime()) t.setUTCDate(t.getUTCDate() + 1);
  return t.toISOString();
}

function payloadOf(f: Finding, kind: 'new' | 'reopened') {
  return {
    findingId: f.id,
    kind,
    url: f.url,
    host: f.host,
    articleUrl: f.articleUrl,
    articleTitle: f.articleTitle,
    verdict: f.verdict,
    severity: f.severity,
    containment: f.containment,
    rules: f.violations.map((v) => v.ruleId),
    firstSeen: f.firstSeen,
    lastSeen: f.lastSeen,
  };
}

/** Queues the alerts of findings opened since the last call. Returns how many were queued. */
async function queueAlerts(app: App): Promise<number> {
  let queued = 0;
  for (;;) {
    const events = await app.store.alerts.newEvents(200);
    if (!events.length) return queued;
    const now = app.clock();
    const inputs: AlertInput[] = [];
    for (const e of events) {
      const finding = await app.store.findings.get(e.findingId);
      if (!finding) continue;
      app.config.alerts.forEach((rule, i) => {
        if (!alertMatches(rule, finding, e.kind)) return;
        inputs.push({
          channel: channelName(rule, i),
          mode: rule.delivery,
          eventId: e.eventId,
          findingId: e.findingId,
          kind: e.kind,
          payload: payloadOf(finding, e.kind),
          createdAt: now.toISOString(),
          nextAt: rule.delivery === 'digest' ? nextDigest(now, rule.digestHour) : now.toISOString(),
        });
      });
    }
    await app.store.alerts.enqueue(inputs, events[events.length - 1].eventId);
    queued += inputs.length;
  }
}

export interface DeliveryResult {
  delivered: number;
  failed: number;
}

/** Sends the alerts that are due. */
async function deliverAlerts(app: App): Promise<DeliveryResult> {
  const now = app.clock();
  // Held for a while: another process sending now does not take them too; if this one dies, they are due again then.
  const due = await app.store.alerts.claim(now.toISOString(), new Date(now.getTime() + CLAIM_MS).toISOString());
  const result: DeliveryResult = { delivered: 0, failed: 0 };
  const rules = new Map(app.config.alerts.map((a, i) => [channelName(a, i), a]));
  // Immediate alerts one message each; digests one message per channel.
  const groups = new Map<string, QueuedAlert[]>();
  for (const a of due) {
    const key = a.mode === 'digest' ? `digest:${a.channel}` : `one:${a.id}`;
    groups.set(key, [...(groups.get(key) ?? []), a]);
  }
  for (const group of groups.values()) {
    const { channel, mode } = group[0];
    const ids = group.map((a) => a.id);
    const rule = rules.get(channel);
    const attempts = Math.max(...group.map((a) => a.attempts));
    const at = app.clock().toISOString();
    try {
      if (!rule) throw new Error(`no alert named ${channel} in the config any more (kept until it is back)`);
      const message: AlertMessage = { channel, mode, sentAt: at, publisher: app.config.publisher.name, alerts: group.map((a) => a.payload) };
      const detail = await deliver(rule, message, app.config.crawler);
      await app.store.alerts.attempted(ids, channel, { ok: true, detail, at });
      result.delivered += ids.length;
    } catch (error) {
      const wait = Math.min(MAX_BACKOFF_MS, (rule?.retryMs ?? 30_000) * 2 ** Math.min(attempts, 20));
      const nextAt = new Date(Date.parse(at) + wait).toISOString();
      await app.store.alerts.attempted(ids, channel, { ok: false, detail: describeError(error).slice(0, 500), at, nextAt });
      result.failed += ids.length;
    }
  }
  return result;
}

/** Queues and delivers; never throws (a store error is logged and the next round tries again). */
export async function runAlerts(app: App, log: (line: string) => void = () => {}): Promise<DeliveryResult & { queued: number }> {
  try {
    const queued = await queueAlerts(app);
    const sent = await deliverAlerts(app);
    if (sent.failed) log(`alerts: ${sent.failed} not delivered (queued, tried again later)`);
    await pruneAlerts(app);
    return { queued, ...sent };
  } catch (error) {
    log(`alerts: ${describeError(error)}`);
    return { queued: 0, delivered: 0, failed: 0 };
  }
}

/** Trims what was delivered more than ALERT_RETENTION_DAYS ago, at most once an hour per process. */
async function pruneAlerts(app: App): Promise<void> {
  const now = app.clock().getTime();
  if (now - (lastPruned.get(app) ?? -Infinity) < PRUNE_EVERY_MS) return;
  await app.store.alerts.prune(new Date(now - ALERT_RETENTION_DAYS * 86_400_000).toISOString());
  lastPruned.set(app, now);
}

/** Runs the alerts every `everyMs` in the background (serve), one round at a time. */
export function startAlertLoop(app: App, everyMs: number, log: (line: string) => void): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(() => runAlerts(app, log));
  }, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
