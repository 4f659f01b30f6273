/**
 * `copywatch users add|list|disable|reset`: the password from stdin (never an argument), kept
 * hashed; a reset prints a one-time password once; every change in the audit trail as the CLI's
 * user; the account then signs in to the server, and a disabled one does not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp } from '../../src/scan/app.ts';
import { verifyPassword } from '../../src/server/auth/passwords.ts';
import { demoConfig, type DemoSetup } from '../support/demo.ts';
import { runCli } from '../support/cli.ts';

let setup: DemoSetup;

beforeAll(() => {
  setup = demoConfig({ resolve: {} });
});

afterAll(() => setup?.cleanup());

const cli = (args: string[], input?: string) => runCli(['--config', setup.configPath, 'users', ...args], { input, env: { COPYWATCH_TOKEN: '' } });

describe('copywatch users', () => {
  it('adds accounts with a password read from stdin, lists, resets and disables them', async () => {
    const added = await cli(['add', 'mei', '--role', 'analyst', '--password-stdin'], 'correct horse battery\n');
    expect(added.stderr).toBe('');
    expect(added).toMatchObject({ code: 0, stdout: 'added mei (analyst)\n' });
    expect((await cli(['add', 'MEI', '--role', 'viewer'], 'another password 1\n')).stderr).toMatch(/already exists/);
    expect((await cli(['add', 'li', '--role', 'boss'], 'another password 1\n')).stderr).toMatch(/expected a role of viewer, analyst, admin/);
    expect((await cli(['add', 'li', '--role', 'viewer'], 'short\n')).stderr).toMatch(/at least 10 characters/);

    const list = await cli(['list', '--json']);
    expect(JSON.parse(list.stdout)).toEqual([expect.objectContaining({ username: 'mei', role: 'analyst', disabledAt: null })]);

    const reset = await cli(['reset', 'mei']);
    const oneTime = /shown once\): ([a-z2-9]{20})\n$/.exec(reset.stdout)?.[1];
    expect(oneTime).toBeTruthy();
    expect((await cli(['disable', 'mei'])).stdout).toBe('disabled mei\n');
    expect((await cli(['disable', 'nobody'])).stderr).toMatch(/NOT_FOUND: no account named "nobody"/);

    const app = await openApp(setup.configPath);
    try {
      const found = await app.store.accounts.findUser('mei');
      expect(found!.user.disabledAt).not.toBeNull();
      expect(await verifyPassword(oneTime!, found!.passwordHash)).toBe(true);
      expect(await verifyPassword('correct horse battery', found!.passwordHash)).toBe(false);
      const trail = (await app.store.accounts.auditTrail()).map((e) => `${e.action} ${e.subject}`);
      expect(trail).toEqual(['user.disable user mei', 'user.reset user mei', 'user.add user mei']);
      expect((await app.store.accounts.auditTrail())[0].actor).toMatch(/^cli \(.+\)$/);
    } finally {
      await app.close();
    }
  }, 180_000);
});
