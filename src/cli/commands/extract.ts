/** `copywatch extract <file|url> [--json]`: the Article a page holds, or why it holds none. */
import type { Command } from 'commander';
import { CopywatchError } from '../../domain/index.ts';
import { extract } from '../../extract/index.ts';
import { readInput } from '../input.ts';
import { printArticle } from '../print.ts';

export function registerExtract(program: Command): void {
  program
    .command('extract')
    .description('extract the article from a page (a file or a URL)')
    .argument('<file|url>', 'an HTML file or an http(s) URL')
    .option('--json', 'print the Article as JSON')
    .option('--timeout <ms>', 'time limit for fetching a URL', (v) => positiveInt(v, '--timeout'), 15_000)
    .action(async (arg: string, opts: { json?: boolean; timeout: number }) => {
      const page = await readInput(arg, { timeoutMs: opts.timeout });
      const result = extract(page.bytes, { contentType: page.contentType, url: page.url });
      if (!result.ok) {
        if (opts.json) process.stdout.write(`${JSON.stringify({ error: { code: result.reason, message: result.message } })}\n`);
        throw new CopywatchError('INPUT_INVALID', `${arg}: no article (${result.reason}): ${result.message}`);
      }
      if (opts.json) process.stdout.write(`${JSON.stringify(result.article, null, 2)}\n`);
      else printArticle(result.article, result.diagnostics);
    });
}

export function positiveInt(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new CopywatchError('INPUT_INVALID', `${name} expects a positive whole number, got ${JSON.stringify(value)}`);
  return n;
}
