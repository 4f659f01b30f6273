/**
 * One entry of the config's `schedules`: a cron expression (checked by croner, which runs the
 * schedules), the job it runs, and its time zone.
 */
import { Cron } from 'croner';
import { z } from 'zod';
import { expected } from '../domain/index.ts';
import { text } from './fields.ts';

const CRON = /^\s*(@(yearly|annually|monthly|weekly|daily|hourly)|(\S+\s+){4,5}\S+)\s*$/;

export const scheduleSchema = z.strictObject({
  /** When: a cron expression (5 or 6 fields, or @daily ...). Required. */
  cron: text('a cron expression')
    .regex(CRON, { error: (iss) => expected('a cron expression of 5 or 6 fields (or @daily ...)', iss.input) })
    .superRefine((value, ctx) => {
      const problem = CRON.test(value) ? cronProblem(value) : null;
      if (problem) ctx.addIssue({ code: 'custom', message: `expected a cron expression that can run (${problem}), got ${JSON.stringify(value)}` });
    }),
  /**
   * What: `index` (the sources), `scan` (the targets), `recheck` (open findings), `discover` (search
   * engines), `scan-warc` (the WARC files of `warc.dir` not judged yet, or changed since),
   * `evidence-stamp` (the capture timestamps still pending, as `copywatch evidence stamp`; needs
   * `evidence.tsa`). Required.
   */
  job: z.enum(['index', 'scan', 'recheck', 'discover', 'scan-warc', 'evidence-stamp'], {
    error: (iss) => expected('"index", "scan", "recheck", "discover", "scan-warc" or "evidence-stamp"', iss.input),
  }),
  /** For `scan`: one target's name. Default all targets. */
  target: text().optional(),
  /** IANA time zone of the cron expression. Default the machine's. */
  timezone: text('an IANA time zone')
    .refine(validTimeZone, { error: (iss) => expected('an IANA time zone such as Asia/Shanghai', iss.input) })
    .optional(),
});

/** What croner (which runs the schedules) finds wrong with a cron expression, or null. */
function cronProblem(expression: string): string | null {
  try {
    new Cron(expression, { paused: true }).stop();
    return null;
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error))
      .replace(/^CronPattern: /, '')
      .replace(/\.$/, '')
      .slice(0, 200);
    return message.charAt(0).toLowerCase() + message.slice(1);
  }
}

function validTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
