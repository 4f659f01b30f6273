/**
 * The alerts' channels: e-mail through SMTP (nodemailer) and webhooks (a JSON POST signed with
 * HMAC-SHA256 of the body, `X-Copywatch-Signature: sha256=<hex>`). A webhook connects through the
 * crawler's guarding connector: a private, loopback or link-local destination is refused unless
 * the crawler's config lets it through (crawler.resolve, allowHosts, allowPrivate), as for a
 * manual check. No redirects are followed; anything but a 2xx answer is a failure.
 */
import { createHmac } from 'node:crypto';
import nodemailer from 'nodemailer';
import { Agent, request } from 'undici';
import type { AlertConfig, CrawlerConfig } from '../config/index.ts';
import { createConnector } from '../crawl/index.ts';

/** How long one delivery may take (ms). */
const DELIVERY_TIMEOUT_MS = 15_000;

export const SIGNATURE_HEADER = 'x-copywatch-signature';

/** `sha256=<hex>` of the body with the channel's secret. */
function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

export interface AlertMessage {
  channel: string;
  mode: 'immediate' | 'digest';
  sentAt: string;
  publisher: string;
  alerts: Array<Record<string, unknown>>;
}

function lineOf(a: Record<string, unknown>): string {
  return `[${String(a.severity).toUpperCase()}] ${a.kind === 'reopened' ? 'reopened' : 'new'} ${a.verdict} copy on ${a.host}\n  copy: ${a.url}\n  original: ${a.articleTitle ?? ''} ${a.articleUrl}\n  finding #${a.findingId}, containment ${Math.round(Number(a.containment) * 100)}%, rules ${(a.rules as string[]).join(', ') || 'none'}`;
}

async function sendEmail(email: NonNullable<AlertConfig['email']>, message: AlertMessage): Promise<string> {
  const transport = nodemailer.createTransport({
    host: email.smtp.host,
    port: email.smtp.port,
    secure: email.smtp.secure,
    auth: email.smtp.user ? { user: email.smtp.user, pass: email.smtp.pass ?? '' } : undefined,
    connectionTimeout: DELIVERY_TIMEOUT_MS,
    greetingTimeout: DELIVERY_TIMEOUT_MS,
    socketTimeout: DELIVERY_TIMEOUT_MS,
  });
  try {
    const n = message.alerts.length;
    const top = message.alerts[0];
    const subject =
      message.mode === 'digest'
        ? `copywatch digest: ${n} finding${n === 1 ? '' : 's'} for ${message.publisher}`
        : `copywatch: ${top.kind === 'reopened' ? 'reopened' : 'new'} ${top.severity} finding on ${top.host}`;
    const info = await transport.sendMail({
      from: email.from,
      to: email.to.join(', '),
      subject,
      text: `${message.alerts.map(lineOf).join('\n\n')}\n\n-- copywatch (${message.channel}, ${message.sentAt})\n`,
    });
    return `sent to ${email.to.join(', ')} (${String(info.response ?? 'accepted').slice(0, 200)})`;
  } finally {
    transport.close();
  }
}

async function sendWebhook(webhook: NonNullable<AlertConfig['webhook']>, message: AlertMessage, crawler: CrawlerConfig): Promise<string> {
  const body = JSON.stringify(message);
  const agent = new Agent({
    connect: createConnector(
      { resolve: crawler.resolve, guard: !crawler.allowPrivate, allowHosts: crawler.allowHosts, connectTimeoutMs: DELIVERY_TIMEOUT_MS },
      new Map(),
    ),
  });
  try {
    const res = await request(webhook.url, {
      method: 'POST',
      dispatcher: agent,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'copywatch-alerts',
        [SIGNATURE_HEADER]: signBody(body, webhook.secret),
      },
      body,
      headersTimeout: DELIVERY_TIMEOUT_MS,
      bodyTimeout: DELIVERY_TIMEOUT_MS,
    });
    const answer = (await res.body.text()).slice(0, 200);
    if (res.statusCode < 200 || res.statusCode > 299) throw new Error(`the webhook answered HTTP ${res.statusCode}${answer ? `: ${answer}` : ''}`);
    return `POST ${webhook.url}: HTTP ${res.statusCode}`;
  } finally {
    await agent.close();
  }
}

/** Sends one message through the alert's channel; throws when it was not delivered. Returns what the log keeps. */
export function deliver(alert: AlertConfig, message: AlertMessage, crawler: CrawlerConfig): Promise<string> {
  return alert.email ? sendEmail(alert.email, message) : sendWebhook(alert.webhook!, message, crawler);
}
