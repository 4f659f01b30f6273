/**
 * The `copywatch` command line. Each command lives in its own file under commands/; this file
 * only assembles them and turns errors into one line and a non-zero exit.
 */
import { Command, CommanderError } from 'commander';
import { describeError } from '../domain/index.ts';
import { registerCompare } from './commands/compare.ts';
import { registerCrawl } from './commands/crawl.ts';
import { registerExtract } from './commands/extract.ts';
import { registerFindings } from './commands/findings.ts';
import { registerJobs } from './commands/jobs.ts';
import { registerServe } from './commands/serve.ts';
import { registerWorker } from './commands/worker.ts';

export function buildProgram(): Command {
  const program = new Command('copywatch')
    .description('Finds where your articles are mirrored or reposted without a license, and proves it.')
    .option('--config <file>', 'configuration file', './config.json')
    .showHelpAfterError(false)
    .exitOverride();
  registerExtract(program);
  registerCompare(program);
  registerCrawl(program);
  registerJobs(program);
  registerFindings(program);
  registerServe(program);
  registerWorker(program);
  return program;
}

/** Runs the CLI; resolves to the exit code. Never throws. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander has printed its own message (usage errors, --help, --version).
      return error.exitCode;
    }
    process.stderr.write(`copywatch: ${describeError(error)}\n`);
    return 1;
  }
}
