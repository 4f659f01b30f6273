/**
 * The `copywatch` command line. Each command lives in its own file under commands/; this file
 * assembles them and turns errors into one line and a non-zero exit. Only the module of the
 * command that runs is loaded (with what it imports: the crawler, the store, the server...):
 * `copywatch --help` lists the commands from commands/summaries.ts alone.
 */
import { Command, CommanderError } from 'commander';
import { describeError } from '../domain/errors.ts';
import { COMMANDS, type CommandName } from './commands/summaries.ts';

type Register = (program: Command) => void;

/** Each command module's register function, loaded on demand. */
const MODULES: Record<(typeof COMMANDS)[CommandName]['module'], () => Promise<Register>> = {
  extract: async () => (await import('./commands/extract.ts')).registerExtract,
  compare: async () => (await import('./commands/compare.ts')).registerCompare,
  crawl: async () => (await import('./commands/crawl.ts')).registerCrawl,
  jobs: async () => (await import('./commands/jobs.ts')).registerJobs,
  discover: async () => (await import('./commands/discover.ts')).registerDiscover,
  'scan-warc': async () => (await import('./commands/scan-warc.ts')).registerScanWarc,
  findings: async () => (await import('./commands/findings.ts')).registerFindings,
  users: async () => (await import('./commands/users.ts')).registerUsers,
  evidence: async () => (await import('./commands/evidence.ts')).registerEvidence,
  serve: async () => (await import('./commands/serve.ts')).registerServe,
  worker: async () => (await import('./commands/worker.ts')).registerWorker,
};

function baseProgram(): Command {
  return new Command('copywatch')
    .description('Finds where your articles are mirrored or reposted without a license, and proves it.')
    .option('--config <file>', 'configuration file', './config.json')
    .showHelpAfterError(false)
    .exitOverride();
}

/** The command named in `args` (the first word that is not an option or the value of --config), or null. */
export function commandOf(args: string[]): string | null {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--config') {
      i++;
      continue;
    }
    if (a.startsWith('-')) continue;
    return a;
  }
  return null;
}

/**
 * The program for `argv`: the named command's module registers it (its options, its help); with
 * no command, or one that does not exist, every command is listed by name and summary only.
 */
export async function buildProgram(argv: string[] = []): Promise<Command> {
  const program = baseProgram();
  const name = commandOf(argv.slice(2));
  if (name && name in COMMANDS) {
    (await MODULES[COMMANDS[name as CommandName].module]())(program);
    return program;
  }
  for (const spec of Object.values(COMMANDS)) program.command(spec.usage).description(spec.summary);
  return program;
}

/** Runs the CLI; resolves to the exit code. Never throws. */
export async function main(argv: string[]): Promise<number> {
  try {
    const program = await buildProgram(argv);
    await program.parseAsync(argv);
    // A command that ran to its end may still say it failed (a scan not done, a bundle that does not verify).
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander has printed its own message (usage errors, --help, --version).
      return error.exitCode;
    }
    process.stderr.write(`copywatch: ${describeError(error)}\n`);
    return 1;
  }
}
