/** `copywatch extract <file|url> [--json]`: the Article a page holds, or why it holds none. */
import type { Command } from 'commander';
import { CopywatchError } from '../../domain/index.ts';
import { extract, selectorProblem, type ArticleSelector } from '../../extract/index.ts';
import { readInput } from '../input.ts';
import { printArticle } from '../print.ts';

export function registerExtract(program: Command): void {
  program
    .command('extract')
    .description('extract the article from a page (a file or a URL)')
    .argument('<file|url>', 'an HTML file or an http(s) URL')
    .option('--json', 'print the Article as JSON')
    .option('--timeout <ms>', 'time limit for fetching a URL', (v) => positiveInt(v, '--timeout'), 15_000)
    .option('--selector <css>', 'the article is the text of the elements this CSS selector matches (as a site\'s config `article.selector`)')
    .option('--exclude <css>', 'leave out the elements this CSS selector matches inside them (repeatable; needs --selector)', (v, all: string[]) => [...all, v], [] as string[])
    .action(async (arg: string, opts: { json?: boolean; timeout: number; selector?: string; exclude: string[] }) => {
      const selector = articleSelector(opts);
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
