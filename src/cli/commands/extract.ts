/**
 * `copywatch extract <file|url> [--json]`: the Article a page holds, or why it holds none.
 * `copywatch extract --jsonl <file|url>...`: one JSON line per input, in input order.
 */
import type { Command } from 'commander';
import { summary } from './summaries.ts';
import { CopywatchError } from '../../domain/index.ts';
import { extract, selectorProblem, type ArticleSelector } from '../../extract/index.ts';
import { errorBody, orderedEach, writeLine } from '../batch.ts';
import { readInput } from '../input.ts';
import { printArticle } from '../print.ts';

interface ExtractOptions {
  json?: boolean;
  jsonl?: boolean;
  timeout: number;
  concurrency: number;
  selector?: string;
  exclude: string[];
}

export function registerExtract(program: Command): void {
  program
    .command('extract')
    .description(summary('extract'))
    .argument('<file|url...>', 'an HTML file or an http(s) URL (several with --jsonl)')
    .option('--json', 'print the Article as JSON')
    .option('--jsonl', 'batch: one JSON line per input, in order: the Article, or {"file", "error": {"code", "message"}}')
    .option('--concurrency <n>', 'with --jsonl: inputs read and fetched at once', (v) => positiveInt(v, '--concurrency'), 4)
    .option('--timeout <ms>', 'time limit for fetching a URL', (v) => positiveInt(v, '--timeout'), 15_000)
    .option('--selector <css>', "the article is the text of the elements this CSS selector matches (as a site's config `article.selector`)")
    .option(
      '--exclude <css>',
      'leave out the elements this CSS selector matches inside them (repeatable; needs --selector)',
      (v, all: string[]) => [...all, v],
      [] as string[],
    )
    .action(async (args: string[], opts: ExtractOptions, command: Command) => {
      const selector = articleSelector(opts);
      if (opts.jsonl) {
        if (opts.json) command.error('error: --json and --jsonl do not go together (--jsonl prints JSON lines)');
        await extractBatch(args, opts, selector);
        return;
      }
      if (args.length !== 1) command.error(`error: extract takes one page (got ${args.length}); use --jsonl for several`);
      const arg = args[0];
      const page = await readInput(arg, { timeoutMs: opts.timeout });
      const result = extract(page.bytes, { contentType: page.contentType, url: page.url, selector });
      if (selector && opts.json) for (const d of result.diagnostics) if (d.startsWith('article selector')) process.stderr.write(`copywatch: ${d}\n`);
      if (!result.ok) {
        if (opts.json) process.stdout.write(`${JSON.stringify({ error: { code: result.reason, message: result.message } })}\n`);
        throw new CopywatchError('INPUT_INVALID', `${arg}: no article (${result.reason}): ${result.message}`);
      }
      if (opts.json) process.stdout.write(`${JSON.stringify(result.article, null, 2)}\n`);
      else printArticle(result.article, result.diagnostics);
    });
}

/** Each input's Article (or error) as one line, in input order, written as soon as its turn comes. */
async function extractBatch(args: string[], opts: ExtractOptions, selector: ArticleSelector | undefined): Promise<void> {
  await orderedEach(
    args,
    opts.concurrency,
    async (arg) => {
      try {
        const page = await readInput(arg, { timeoutMs: opts.timeout });
        const result = extract(page.bytes, { contentType: page.contentType, url: page.url, selector });
        return result.ok ? result.article : { file: arg, error: { code: result.reason, message: result.message } };
      } catch (error) {
        return { file: arg, error: errorBody(error) };
      }
    },
    (line) => writeLine(line),
  );
}

/** --selector and --exclude as ExtractOptions.selector, each checked before anything is fetched. */
function articleSelector(opts: { selector?: string; exclude: string[] }): ArticleSelector | undefined {
  if (opts.selector === undefined) {
    if (opts.exclude.length) throw new CopywatchError('INPUT_INVALID', '--exclude needs --selector (the elements to exclude from)');
    return undefined;
  }
  for (const [flag, value] of [['--selector', opts.selector], ...opts.exclude.map((v) => ['--exclude', v])] as const) {
    const problem = selectorProblem(value);
    if (problem) throw new CopywatchError('INPUT_INVALID', `${flag}: ${problem}`);
  }
  return { selector: opts.selector, exclude: opts.exclude };
}

export function positiveInt(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new CopywatchError('INPUT_INVALID', `${name} expects a positive whole number, got ${JSON.stringify(value)}`);
  return n;
}
