/**
 * Alerts: rules of notification, each naming which findings (severity at least X, verdicts, sites,
 * new or reopened) go to one channel (e-mail over SMTP, or a signed webhook), at once or in a
 * daily digest. Undelivered alerts stay queued in the store and are retried with backoff.
 */
import { z } from 'zod';
import { expected, SEVERITIES } from '../domain/index.ts';
import { bool, httpUrl, int, list, text } from './fields.ts';

const severity = z.enum(SEVERITIES as [string, ...string[]], { error: (iss) => expected(`one of ${SEVERITIES.join(', ')}`, iss.input) });
const verdict = z.enum(['mirror', 'full', 'partial'], { error: (iss) => expected('mirror, full or partial', iss.input) });
const kind = z.enum(['new', 'reopened'], { error: (iss) => expected('new or reopened', iss.input) });

const emailSchema = z.strictObject({
  /** Recipients. */
  to: list(text('an e-mail address'), 'an array of e-mail addresses').min(1, { error: 'expected at least one recipient' }),
  /** Sender address. */
  from: text('an e-mail address'),
  /** The SMTP server (nodemailer's transport options). */
  smtp: z.strictObject({
    host: text('a host name'),
    /** Default 587. */
    port: int(1, 65535).default(587),
    /** TLS from the start (port 465). Default false (STARTTLS when offered). */
    secure: bool().default(false),
    user: text().optional(),
    pass: text().optional(),
  }),
});

const webhookSchema = z.strictObject({
  /** Where the JSON is POSTed; checked by the crawler's destination guard (private addresses refused unless the crawler allows them). */
  url: httpUrl(),
  /** Key of the HMAC-SHA256 signature sent in `X-Copywatch-Signature: sha256=<hex>` (at least 16 characters). */
  secret: text('a secret of at least 16 characters').min(16, { error: 'expected a secret of at least 16 characters' }),
});

export const alertSchema = z
  .strictObject({
    /** The channel's name in the queue and the delivery log. Default `alert-<n>` (n from 1). */
    name: text().optional(),
    /** Which findings. Default: every new or reopened finding. */
    when: z
      .strictObject({
        /** This severity or higher. */
        severity: severity.optional(),
        /** Only these verdicts. */
        verdicts: list(verdict).optional(),
        /** Only copies on these hosts (or their subdomains). */
        sites: list(text('a host name')).optional(),
        /** New findings, reopened ones, or both (default). */
        events: list(kind).default(['new', 'reopened']),
      })
      .default({ events: ['new', 'reopened'] }),
    /** `immediate` (default), or `digest`: one message a day with the day's alerts. */
    delivery: z.enum(['immediate', 'digest'], { error: (iss) => expected('immediate or digest', iss.input) }).default('immediate'),
    /** The hour (UTC, 0–23) the daily digest is sent. Default 8. */
    digestHour: int(0, 23).default(8),
    /** First wait before a failed delivery is tried again (ms); doubled each time, at most an hour. Default 30000. */
    retryMs: int(10, 3_600_000).default(30_000),
    email: emailSchema.optional(),
    webhook: webhookSchema.optional(),
  })
  .refine((a) => Boolean(a.email) !== Boolean(a.webhook), { error: 'expected one channel: email or webhook' });

export type AlertConfig = z.output<typeof alertSchema>;
