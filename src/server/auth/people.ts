/** Managing accounts, shared by the API (admins) and `copywatch users`: each change is written to the audit trail. */
import { CopywatchError, ROLES, type Role, type User } from '../../domain/index.ts';
import type { Store } from '../../store/index.ts';
import { hashPassword, oneTimePassword } from './passwords.ts';

/** Who makes a change, as the audit trail names them. */
export interface Actor {
  actor: string;
  userId: number | null;
  at: string;
}

const USERNAME = /^[\p{L}\p{N}][\p{L}\p{N}._@-]{0,63}$/u;

function checkUsername(name: string): string {
  if (!USERNAME.test(name))
    throw new CopywatchError('INPUT_INVALID', `expected a user name of letters, digits, . _ @ - (1 to 64), got ${JSON.stringify(name.slice(0, 80))}`);
  return name;
}

function checkRole(role: string): Role {
  if (!(ROLES as readonly string[]).includes(role))
    throw new CopywatchError('INPUT_INVALID', `expected a role of ${ROLES.join(', ')}, got ${JSON.stringify(role)}`);
  return role as Role;
}

async function userNamed(store: Store, name: string): Promise<User> {
  const found = await store.accounts.findUser(name);
  if (!found) throw new CopywatchError('NOT_FOUND', `no account named ${JSON.stringify(name)}`);
  return found.user;
}

export async function addUser(store: Store, input: { username: string; role: string; password: string }, by: Actor): Promise<User> {
  const user = await store.accounts.addUser({
    username: checkUsername(input.username),
    role: checkRole(input.role),
    passwordHash: await hashPassword(input.password),
    at: by.at,
  });
  await store.accounts.audit({ ...by, action: 'user.add', subject: `user ${user.username}`, detail: { role: user.role } });
  return user;
}

export async function changeUser(store: Store, id: number, change: { role?: string; disabled?: boolean }, by: Actor): Promise<User> {
  const before = await store.accounts.getUser(id);
  if (!before) throw new CopywatchError('NOT_FOUND', `account ${id} does not exist`);
  if (by.userId === id && (change.disabled || (change.role && change.role !== 'admin'))) {
    throw new CopywatchError('INPUT_INVALID', 'an admin may not disable their own account or lower their own role (ask another admin)');
  }
  const user = await store.accounts.updateUser(id, {
    role: change.role === undefined ? undefined : checkRole(change.role),
    disabled: change.disabled,
    at: by.at,
  });
  if (change.role !== undefined && change.role !== before.role) {
    await store.accounts.audit({ ...by, action: 'user.role', subject: `user ${user.username}`, detail: { from: before.role, to: user.role } });
  }
  if (change.disabled !== undefined && change.disabled !== (before.disabledAt !== null)) {
    await store.accounts.audit({ ...by, action: change.disabled ? 'user.disable' : 'user.enable', subject: `user ${user.username}`, detail: null });
  }
  return user;
}

export async function disableUser(store: Store, name: string, by: Actor): Promise<User> {
  return changeUser(store, (await userNamed(store, name)).id, { disabled: true }, by);
}

/** Sets a new password (the one given, or a one-time password it returns); every session of the account ends. */
export async function resetPassword(store: Store, id: number, given: string | null, by: Actor): Promise<{ user: User; password: string | null }> {
  const password = given ?? oneTimePassword();
  const user = await store.accounts.updateUser(id, { passwordHash: await hashPassword(password), at: by.at });
  await store.accounts.audit({ ...by, action: 'user.reset', subject: `user ${user.username}`, detail: { oneTime: given === null } });
  return { user, password: given === null ? password : null };
}

export async function resetPasswordNamed(store: Store, name: string, given: string | null, by: Actor) {
  return resetPassword(store, (await userNamed(store, name)).id, given, by);
}
