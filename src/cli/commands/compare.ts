/** `copywatch compare <original> <suspect> [--json]`: does the suspect copy the original, how much, where. */
import type { Command } from 'commander';
import { CopywatchError, type Comparison } from '../../domain/index.ts';
import { extract } from '../../extract/index.ts';
import { compare, preparePage, type PreparedPage } from '../../match/index.ts';
import { readInput } from '../input.ts';
import { positiveInt } from './extract.ts';

export function registerCompare(program: Command): void {
  program
    .command('compare')
    .description('compare a suspect page with an original article (files or URLs)')
    .argument('<original>', 'the original article: an HTML file or an http(s) URL')
    .argument('<suspect>', 'the suspect page: an HTML file or an http(s) URL')
    .option('--json', 'print the comparison as JSON')
    .option('--timeout <ms>', 'time limit for fetching a URL', (v) => positiveInt(v, '--timeout'), 15_000)
    .action(async (originalArg: string, suspectArg: string, opts: { json?: boolean; timeout: number }) => {
      const [original, suspect] = await Promise.all([load(originalArg, opts.timeout), load(suspectArg, opts.timeout)]);
      const result = compare(original, suspect);
      if (opts.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else printComparison(result, original, suspect);
    });
}

async function load(arg: string, timeoutMs: number): Promise<PreparedPage> {
  const page = await readInput(arg, { timeoutMs });
  const result = extract(page.bytes, { contentType: page.contentType, url: page.url });
  if (!result.ok) throw new CopywatchError('INPUT_INVALID', `${arg}: no article (${result.reason}): ${result.message}`);
  return preparePage(result.article, result.chrome, result.pageText);
}

function printComparison(c: Comparison, original: PreparedPage, suspect: PreparedPage): void {
  const out = process.stdout;
  out.write(`verdict      ${c.verdict}\n`);
  out.write(`containment  ${(c.containment * 100).toFixed(1)}% of the original (${c.matchedChars} characters)\n`);
  out.write(`simhash      ${c.simhashDistance} bits apart\n`);
  out.write(`credited     ${c.credited ? 'yes' : 'no'}${c.linksBack ? ' (links back)' : ''}\n`);
  out.write(`page mirror  ${c.pageMirror ? 'yes: the page chrome is copied too' : 'no'}\n`);
  out.write(`original     ${original.article.title ?? '(untitled)'}\n`);
  out.write(`suspect      ${suspect.article.title ?? '(untitled)'}\n`);
  c.passages.slice(0, 20).forEach((p, i) => {
    const clip = (t: string) => (t.length > 80 ? `${t.slice(0, 77)}...` : t).replace(/\s+/g, ' ');
    out.write(`passage ${i + 1}    original ${p.original.start}-${p.original.end} / suspect ${p.suspect.start}-${p.suspect.end}: ${clip(p.original.text)}\n`);
  });
  if (c.passages.length > 20) out.write(`... ${c.passages.length - 20} more passages (--json shows all)\n`);
}
