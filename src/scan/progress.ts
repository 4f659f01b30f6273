/**
 * Progress of a job for a person watching: on a terminal, one line rewritten in place (pages
 * done/queued, rate, findings); elsewhere, a line every few seconds. Writes to a stream it is
 * given (stderr by default), so `--json` output on stdout stays clean.
 */
import type { ScanCounts } from '../domain/index.ts';

export interface Progress {
  update(counts: ScanCounts): void;
  note(line: string): void;
  done(counts: ScanCounts, summary: string): void;
}

export function terminalProgress(label: string, stream: NodeJS.WriteStream = process.stderr, now: () => number = Date.now): Progress {
  const started = now();
  const tty = stream.isTTY === true;
  let lastPrinted = 0;
  let lastLength = 0;
  const line = (c: ScanCounts) => {
    const seconds = Math.max(0.001, (now() - started) / 1000);
    const rate = (c.pagesFetched + c.notModified) / seconds;
    return (
      `${label}: ${c.pagesFetched + c.notModified} pages done, ${c.pagesQueued} queued, ${rate.toFixed(1)} pages/s, ` +
      `${c.articles} articles, ${c.findingsNew} new findings, ${c.findingsUpdated} updated, ${c.failed} failed, ${c.skipped} skipped`
    );
  };
  const write = (text: string) => {
    if (tty) {
      stream.write(`\r${text}${' '.repeat(Math.max(0, lastLength - text.length))}`);
      lastLength = text.length;
    } else {
      stream.write(`${text}\n`);
    }
  };
  return {
    update(counts) {
      const t = now();
      if (tty ? t - lastPrinted < 200 : t - lastPrinted < 5000) return;
      lastPrinted = t;
      write(line(counts));
    },
    note(text) {
      if (tty && lastLength) stream.write('\n');
      lastLength = 0;
      stream.write(`${text}\n`);
    },
    done(counts, summary) {
      write(line(counts));
      if (tty) stream.write('\n');
      lastLength = 0;
      stream.write(`${summary}\n`);
    },
  };
}

export const silentProgress: Progress = { update() {}, note() {}, done() {} };
