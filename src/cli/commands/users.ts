/**
 * `copywatch users add|list|disable|reset`: accounts with roles (viewer, analyst, admin). A
 * password is read from a prompt that does not echo it, or from stdin (`--password-stdin`, or
 * when stdin is not a terminal); never from the command line. `reset` without a password prints
 * a one-time password, once. Each change is in the audit trail as `cli (<os user>)`.
 */
import { createInterface } from 'node:readline';
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { summary } from './summaries.ts';
import { CopywatchError, ROLES } from '../../domain/index.ts';
import { addUser, disableUser, resetPasswordNamed, type Actor } from '../../server/auth/people.ts';
import type { App } from '../../scan/index.ts';
import { clean } from '../print.ts';
import { withApp } from './jobs.ts';

function osUser(): string {
  try {
    return userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}

const by = (app: App): Actor => ({ actor: `cli (${osUser()})`, userId: null, at: app.clock().toISOString() });

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** Asks on the terminal without echoing what is typed. */
function ask(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    const out = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WritableStream };
    let muted = false;
    out._writeToOutput = (s: string) => {
      if (!muted) process.stderr.write(s);
    };
    rl.question(question, (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
    muted = true;
  });
}

async function readPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin || !process.stdin.isTTY) {
    const p = await readStdin();
    if (!p) throw new CopywatchError('INPUT_INVALID', 'no password on stdin');
    return p;
  }
  const first = await ask('password: ');
  const second = await ask('again: ');
  if (first !== second) throw new CopywatchError('INPUT_INVALID', 'the two passwords differ');
  return first;
}

export function registerUsers(program: Command): void {
  const users = program.command('users').description(summary('users'));

  users
    .command('add <name>')
    .description('add an account; the password is asked for (not echoed), or read from stdin')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--password-stdin', 'read the password from stdin')
    .action(async (name: string, opts: { role: string; passwordStdin?: boolean }, command: Command) => {
      await withApp(command, async (app) => {
        const password = await readPassword(Boolean(opts.passwordStdin));
        const user = await addUser(app.store, { username: name, role: opts.role, password }, by(app));
        process.stdout.write(`added ${clean(user.username, 80)} (${user.role})\n`);
      });
    });

  users
    .command('list')
    .description('list the accounts')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, command: Command) => {
      await withApp(command, async (app) => {
        const list = await app.store.accounts.listUsers();
        if (opts.json) return void process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
        for (const u of list)
          process.stdout.write(`${clean(u.username, 64).padEnd(24)} ${u.role.padEnd(8)} ${u.disabledAt ? `disabled ${u.disabledAt}` : 'active'}\n`);
        if (!list.length) process.stdout.write('no accounts (add one: copywatch users add <name> --role admin)\n');
      });
    });

  users
    .command('disable <name>')
    .description('disable an account: its sessions end, its tokens stop working')
    .action(async (name: string, _opts: unknown, command: Command) => {
      await withApp(command, async (app) => {
        const user = await disableUser(app.store, name, by(app));
        process.stdout.write(`disabled ${clean(user.username, 80)}\n`);
      });
    });

  users
    .command('reset <name>')
    .description('set a new password (prints a one-time password, or reads one with --password-stdin); ends its sessions')
    .option('--password-stdin', 'read the new password from stdin')
    .action(async (name: string, opts: { passwordStdin?: boolean }, command: Command) => {
      await withApp(command, async (app) => {
        const given = opts.passwordStdin ? await readPassword(true) : null;
        const { user, password } = await resetPasswordNamed(app.store, name, given, by(app));
        if (password) process.stdout.write(`one-time password for ${clean(user.username, 80)} (shown once): ${password}\n`);
        else process.stdout.write(`password of ${clean(user.username, 80)} changed\n`);
      });
    });
}
