/**
 * `copywatch compare <original> <suspect> [--json]`: does the suspect copy the original, how much, where.
 * `copywatch compare --pairs FILE.jsonl`: one comparison JSON line per pair line, in order.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { summary } from './summaries.ts';
import { CopywatchError, type Comparison } from '../../domain/index.ts';
import { extract } from '../../extract/index.ts';
import { compare, preparePage, type PreparedPage } from '../../match/index.ts';
import { errorBody, orderedEach, writeLine } from '../batch.ts';
import { readInput } from '../input.ts';
import { positiveInt } from './extract.ts';

interface CompareOptions {
  json?: boolean;
  pairs?: string;
  timeout: number;
  concurrency: number;
}

export function registerCompare(program: Command): void {
  program
    .command('compare')
    .description(summary('compare'))
    .argument('[original]', 'the original article: an HTML file or an http(s) URL')
    .argument('[suspect]', 'the suspect page: an HTML file or an http(s) URL')
    .option('--json', 'print the comparison as JSON')
    .option('--pairs <file>', 'batch: a JSON-lines file of {"original", "suspect"} (paths or URLs); prints one comparison JSON line per pair, in order')
    .option('--concurrency <n>', 'with --pairs: pairs read and fetched at once', (v) => positiveInt(v, '--concurrency'), 4)
    .option('--timeout <ms>', 'time limit for fetching a URL', (v) => positiveInt(v, '--timeout'), 15_000)
    .action(async (originalArg: string | undefined, suspectArg: string | undefined, opts: CompareOptions, command: Command) => {
      if (opts.pairs !== undefined) {
        if (originalArg !== undefined) command.error('error: --pairs takes its pairs from the file: give no <original> <suspect>');
        if (opts.json) command.error('error: --json and --pairs do not go together (--pairs prints JSON lines)');
        await comparePairs(opts.pairs, opts);
        return;
      }
      if (originalArg === undefined) command.error("error: missing required argument 'original'");
      if (suspectArg === undefined) command.error("error: missing required argument 'suspect'");
      const [original, suspect] = await Promise.all([load(originalArg, opts.timeout), load(suspectArg, opts.timeout)]);
      const result = compare(original, suspect);
      if (opts.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else printComparison(result, original, suspect);
    });
}

/**
 * The pairs of a JSON-lines file, compared a few at a time and printed in file order as they
 * come: the comparison, or `{"error": {"code", "message"}, "line": n}` for a line that is not a
 * pair or whose pages cannot be read. Blank lines are skipped. Pages named on several lines (one
 * original against many suspects) are read and extracted once while they stay in a small cache.
 */
async function comparePairs(file: string, opts: CompareOptions): Promise<void> {
  try {
    if ((await stat(file)).isDirectory()) throw new CopywatchError('INPUT_INVALID', `${file} is a directory, not a pairs file`);
  } catch (error) {
    if (error instanceof CopywatchError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new CopywatchError('INPUT_NOT_FOUND', `no such pairs file: ${file}`);
    throw new CopywatchError('INPUT_INVALID', `cannot read the pairs file ${file}: ${(error as Error).message}`);
  }
  const cache = new PageCache(32, (arg) => load(arg, opts.timeout));
  async function* lines(): AsyncGenerator<{ n: number; text: string }> {
    let n = 0;
    for await (const text of createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity })) {
      n++;
      if (text.trim()) yield { n, text };
    }
  }
  await orderedEach(
    lines(),
    opts.concurrency,
    async ({ n, text }) => {
      try {
        const pair = parsePair(text);
        const [original, suspect] = await Promise.all([cache.get(pair.original), cache.get(pair.suspect)]);
        return compare(original, suspect) as unknown;
      } catch (error) {
        return { error: errorBody(error), line: n };
      }
    },
    (line) => writeLine(line),
  );
}

function parsePair(text: string): { original: string; suspect: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CopywatchError('INPUT_INVALID', 'not JSON: expected {"original": pathOrUrl, "suspect": pathOrUrl}');
  }
  const pair = value as { original?: unknown; suspect?: unknown } | null;
  if (!pair || typeof pair !== 'object' || Array.isArray(pair))
    throw new CopywatchError('INPUT_INVALID', 'expected an object {"original": pathOrUrl, "suspect": pathOrUrl}');
  for (const key of ['original', 'suspect'] as const) {
    if (typeof pair[key] !== 'string' || !pair[key]) throw new CopywatchError('INPUT_INVALID', `"${key}" must be a non-empty string (a path or a URL)`);
  }
  return pair as { original: string; suspect: string };
}

/** A few prepared pages kept by argument, least recently used out first; failures are not kept. */
class PageCache {
  private readonly entries = new Map<string, Promise<PreparedPage>>();
  constructor(
    private readonly size: number,
    private readonly loader: (arg: string) => Promise<PreparedPage>,
  ) {}
  get(arg: string): Promise<PreparedPage> {
    let entry = this.entries.get(arg);
    if (entry) this.entries.delete(arg);
    else {
      entry = this.loader(arg);
      entry.catch(() => {
        if (this.entries.get(arg) === entry) this.entries.delete(arg);
      });
    }
    this.entries.set(arg, entry);
    while (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value!);
    return entry;
  }
}

async function load(arg: string, timeoutMs: number): Promise<PreparedPage> {
  const page = await readInput(arg, { timeoutMs });
  const result = extract(page.bytes, { contentType: page.contentType, url: page.url });
  if (!result.ok) throw new CopywatchError('INPUT_INVALID', `${arg}: no article (${result.reason}): ${result.message}`);
  return preparePage(result.article, result.chrome, result.pageText, result.teaserSpans);
}

function printComparison(c: Comparison, original: PreparedPage, suspect: PreparedPage): void {
  const out = process.stdout;
  out.write(`verdict      ${c.verdict}\n`);
  out.write(`containment  ${(c.containment * 100).toFixed(1)}% of the original (${c.matchedChars} characters)\n`);
  out.write(`simhash      ${c.simhashDistance} bits apart\n`);
  out.write(`credited     ${c.credited ? 'yes' : 'no'}${c.linksBack ? ' (links back)' : ''}\n`);
  out.write(`page mirror  ${c.pageMirror ? 'yes: the page chrome is copied too' : 'no'}\n`);
  if (c.teaser) out.write(`teaser       yes: the headline and summary in a list of other stories on the page\n`);
  out.write(`original     ${original.article.title ?? '(untitled)'}\n`);
  out.write(`suspect      ${suspect.article.title ?? '(untitled)'}\n`);
  c.passages.slice(0, 20).forEach((p, i) => {
    const clip = (t: string) => (t.length > 80 ? `${t.slice(0, 77)}...` : t).replace(/\s+/g, ' ');
    out.write(`passage ${i + 1}    original ${p.original.start}-${p.original.end} / suspect ${p.suspect.start}-${p.suspect.end}: ${clip(p.original.text)}\n`);
  });
  if (c.passages.length > 20) out.write(`... ${c.passages.length - 20} more passages (--json shows all)\n`);
}
