/**
 * `evidence export <finding-id> --out FILE`: the finding's evidence bundle (a ZIP: one WARC per
 * capture, the evidence report, manifest.json of SHA-256 digests), read from the store without
 * changing it. `evidence verify FILE`: every check of a bundle, one line each; exit 1 when one
 * fails, 2 when the file is not a bundle. Verify needs no config and no database. `evidence
 * prune`: retention, the one path that deletes evidence: with evidence.retainDismissedDays set,
 * the evidence of findings dismissed longer ago than that, each deletion in the audit trail.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { CopywatchError } from '../../domain/index.ts';
import { readPemCertificates, verifyBundle } from '../../report/index.ts';
import { exportEvidenceBundle, pruneDismissedEvidence, stampPending } from '../../scan/index.ts';
import { summary } from './summaries.ts';
import { withApp } from './jobs.ts';

function osUser(): string {
  try {
    return userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}

function findingId(value: string): number {
  const n = Number(value.replace(/^#/, ''));
  if (!Number.isInteger(n) || n <= 0) throw new CopywatchError('INPUT_INVALID', `finding id: expected a number such as 12, got ${JSON.stringify(value)}`);
  return n;
}

export function registerEvidence(program: Command): void {
  const evidence = program.command('evidence').description(summary('evidence'));
  evidence
    .command('export <finding-id>')
    .description(
      "write the finding's evidence bundle: a ZIP of one WARC per capture, the evidence report (HTML), manifest.json and, with evidence.tsa, RFC 3161 timestamp tokens",
    )
    .requiredOption('--out <file>', 'the ZIP file to write')
    .action(async (id: string, opts: { out: string }, command: Command) => {
      const n = findingId(id);
      await withApp(command, async (app) => {
        const bundle = await exportEvidenceBundle(app.store, app.config, n, app.clock().toISOString());
        try {
          writeFileSync(opts.out, bundle.zip);
        } catch (error) {
          throw new CopywatchError('INPUT_INVALID', `--out ${opts.out}: cannot write: ${(error as Error).message}`);
        }
        process.stderr.write(`wrote ${opts.out}: finding ${n}, ${bundle.captures} capture${bundle.captures === 1 ? '' : 's'}, ${bundle.zip.length} bytes\n`);
        const t = bundle.timestamps;
        if (t) {
          process.stderr.write(`timestamps: ${t.stamped} of ${t.stamped + t.missing.length} stamped by the TSA\n`);
          for (const m of t.missing) process.stderr.write(`timestamp missing: ${m}\n`);
        }
      });
    });
  evidence
    .command('verify <file>')
    .description(
      'check an evidence bundle: every digest of its manifest, no file missing or extra, each WARC record digest and payload, each RFC 3161 timestamp token',
    )
    .option('--ca <file>', "the CA certificate(s) (PEM) the timestamp authority's certificate must chain to; without it the chain is not checked")
    .action(async (file: string, opts: { ca?: string }) => {
      let cas = null;
      if (opts.ca) {
        try {
          cas = readPemCertificates(readFileSync(opts.ca, 'utf8'));
        } catch (error) {
          throw new CopywatchError('INPUT_INVALID', `--ca ${opts.ca}: ${(error as Error).message}`);
        }
        if (!cas.length) throw new CopywatchError('INPUT_INVALID', `--ca ${opts.ca}: no PEM certificate in it`);
      }
      let bytes: Uint8Array;
      try {
        bytes = readFileSync(file);
      } catch (error) {
        throw new CopywatchError('INPUT_NOT_FOUND', `${file}: cannot read: ${(error as Error).message}`);
      }
      const verdict = await verifyBundle(bytes, cas);
      if (!verdict.bundle) {
        process.stderr.write(`copywatch: ${file}: not an evidence bundle: ${verdict.reason}\n`);
        process.exitCode = 2;
        return;
      }
      for (const c of verdict.checks) process.stdout.write(`${c.skipped ? '--' : c.ok ? 'ok' : 'FAILED'}  ${c.line}\n`);
      const failed = verdict.checks.filter((c) => !c.ok).length;
      process.stdout.write(failed ? `${file}: ${failed} of ${verdict.checks.length} checks FAILED\n` : `${file}: all ${verdict.checks.length} checks hold\n`);
      if (failed) process.exitCode = 1;
    });
  evidence
    .command('stamp')
    .description(
      'ask the Time-Stamp Authority (evidence.tsa) for the capture timestamps still pending (the TSA was down at capture): those due by their backoff, or every one with --all',
    )
    .option('--all', 'every pending stamp, without waiting for its backoff')
    .action(async (opts: { all?: boolean }, command: Command) => {
      await withApp(command, async (app) => {
        const r = await stampPending(app, { all: opts.all === true });
        for (const line of r.reasons) process.stdout.write(`not stamped: ${line}\n`);
        process.stdout.write(`${r.stamped} stamped, ${r.failed} failed, ${r.pending} pending\n`);
        if (r.failed) process.exitCode = 1;
      });
    });
  evidence
    .command('prune')
    .description(
      'delete the evidence of findings dismissed longer ago than evidence.retainDismissedDays (evidence is otherwise never deleted); each deletion goes to the audit trail',
    )
    .action(async (_opts: unknown, command: Command) => {
      await withApp(command, async (app) => {
        const { before, pruned } = await pruneDismissedEvidence(app.store, app.config, `cli (${osUser()})`, app.clock());
        for (const p of pruned) {
          for (const e of p.evidence) process.stdout.write(`pruned evidence ${e.id} of finding ${p.findingId} (sha256 ${e.sha256})\n`);
        }
        const n = pruned.reduce((sum, p) => sum + p.evidence.length, 0);
        process.stdout.write(
          `${n} capture${n === 1 ? '' : 's'} of ${pruned.length} dismissed finding${pruned.length === 1 ? '' : 's'} last changed before ${before} pruned\n`,
        );
      });
    });
}
