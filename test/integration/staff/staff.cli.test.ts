// The command line as a staff boundary: --user and passwords from the environment, bootstrap first, roles, --approver.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../main/cli/commands.js';
import { runCli, type CliIo } from '../../../main/cli/main.js';
import { ROLE_PERMISSIONS } from '@fidelis/shared/staff/roles.js';
import { createHost, type Host } from '../../../main/host.js';
import { STAFF_PASSWORD, TEST_STAFF_SETTINGS } from '../../support/staffFixtures.js';
import { runFidelisBin } from '../../support/processes.js';
import { makeTempDir } from '../../support/tempDir.js';

let host: Host;

beforeAll(async () => {
  host = await createHost({ inMemory: true, settings: { ...TEST_STAFF_SETTINGS, dualControlAmount: '10000.00' } });
});

afterAll(async () => {
  await host?.close();
});

/** One command line in this process against the shared in-memory host (the CLI's close leaves it open). */
async function cli(argv: readonly string[], env: Record<string, string> = {}, prompt?: CliIo['prompt']) {
  let stdout = '';
  let stderr = '';
  const shared = new Proxy(host, { get: (target, key, receiver) => (key === 'close' ? async () => undefined : Reflect.get(target, key, receiver)) });
  const code = await runCli([...argv, '--json'], {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    openHost: async () => shared,
    env,
    ...(prompt ? { prompt } : {}),
  });
  return { code, stderr, json: stdout.trim() === '' ? undefined : (JSON.parse(stdout) as Record<string, unknown>) };
}

const as = (user: string, extra: Record<string, string> = {}) => ({ FIDELIS_USER: user, FIDELIS_PASSWORD: STAFF_PASSWORD, ...extra });

describe('the CLI with staff', () => {
  it('declares with every command a permission some role holds (only bootstrap and joining a branch run before anyone signs in; doctor, backup and restore work on the files)', () => {
    const held = new Set<string>(Object.values(ROLE_PERMISSIONS).flat());
    for (const command of COMMANDS) expect(held.has(command.access) || command.access === 'signedIn' || command.access === 'public' || command.access === 'files', command.words.join(' ')).toBe(true);
    expect(COMMANDS.filter((c) => c.access === 'public').map((c) => c.words.join(' '))).toEqual(['staff bootstrap', 'sync join']);
    expect(COMMANDS.filter((c) => c.access === 'files').map((c) => c.words.join(' '))).toEqual(['doctor', 'backup', 'restore']);
  });

  it('refuses every command but bootstrap while the ledger has no staff, saying how to create the first administrator', async () => {
    const refused = await cli(['account', 'show', 'x'], as('nobody'));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/no staff yet.*fidelis staff bootstrap --username NAME --display-name/);
    expect(await host.staff.exists()).toBe(false);
  });

  it('refuses bootstrap without a password when there is no terminal to ask on (exit 2)', async () => {
    const refused = await cli(['staff', 'bootstrap', '--username', 'root', '--display-name', 'Root'], {});
    expect(refused).toMatchObject({ code: 2 });
    expect(refused.stderr).toMatch(/FIDELIS_PASSWORD/);
    expect(await host.staff.exists()).toBe(false);
  });

  it('bootstraps the first administrator once, with the password from a prompt on a terminal', async () => {
    const asked: string[] = [];
    const created = await cli(['staff', 'bootstrap', '--username', 'root', '--display-name', 'Root Admin'], {}, async (question) => {
      asked.push(question);
      return STAFF_PASSWORD;
    });
    expect(created).toMatchObject({ code: 0, json: { username: 'root', roles: ['administrator'] } });
    expect(asked).toHaveLength(1);
    expect(await cli(['staff', 'bootstrap', '--username', 'eve', '--display-name', 'Eve'], { FIDELIS_PASSWORD: STAFF_PASSWORD })).toMatchObject({ code: 2, json: { error: { code: 'STAFF_EXISTS' } } });
  });

  it('lets the administrator add and list staff but not post', async () => {
    expect(await cli(['staff', 'add', '--username', 'tina', '--display-name', 'Tina Teller', '--roles', 'teller'], as('root', { FIDELIS_NEW_PASSWORD: STAFF_PASSWORD }))).toMatchObject({ code: 0, json: { username: 'tina' } });
    expect(await cli(['staff', 'add', '--username', 'sam', '--display-name', 'Sam Supervisor', '--roles', 'supervisor'], as('root', { FIDELIS_NEW_PASSWORD: STAFF_PASSWORD }))).toMatchObject({ code: 0 });
    expect(await cli(['staff', 'add', '--username', 'x', '--display-name', 'X', '--roles', 'boss'], as('root', { FIDELIS_NEW_PASSWORD: STAFF_PASSWORD }))).toMatchObject({ code: 2, json: { error: { field: 'roles' } } });
    const listed = await cli(['staff', 'list'], as('root'));
    expect((listed.json!['users'] as { username: string }[]).map((u) => u.username)).toEqual(['root', 'sam', 'tina']);
    expect(JSON.stringify(listed.json)).not.toMatch(/scrypt|passwordHash/);
    expect(await cli(['account', 'open', '--number', 'R-1', '--holder', 'Root'], as('root'))).toMatchObject({ code: 2, json: { error: { code: 'FORBIDDEN' } } });
  });

  it('refuses a wrong password or an unknown user alike (exit 2), and a teller running staff commands', async () => {
    const wrong = await cli(['account', 'show', 'x'], { FIDELIS_USER: 'tina', FIDELIS_PASSWORD: 'not the password' });
    const unknown = await cli(['account', 'show', 'x'], { FIDELIS_USER: 'ghost', FIDELIS_PASSWORD: 'not the password' });
    expect(wrong).toMatchObject({ code: 2, json: { error: { code: 'INVALID_CREDENTIALS' } } });
    expect(unknown.json).toEqual(wrong.json);
    expect(await cli(['staff', 'list'], as('tina'))).toMatchObject({ code: 2, json: { error: { code: 'FORBIDDEN' } } });
    expect(await cli(['account', 'show', 'x'], {})).toMatchObject({ code: 2, json: { error: { code: 'UNAUTHENTICATED', field: 'user' } } });
  });

  it('records the --user as actor (there is no --actor), and needs --approver over the dual-control amount', async () => {
    expect(await cli(['account', 'open', '--number', 'T-0', '--holder', 'Grace Hopper', '--actor', 'someone-else'], as('tina'))).toMatchObject({ code: 64, json: { error: { code: 'USAGE' } } });
    const opened = await cli(['account', 'open', '--number', 'T-1', '--holder', 'Grace Hopper', '--opening-deposit', '50000'], as('tina'));
    expect(opened.code).toBe(0);
    const accountId = opened.json!['accountId'] as string;
    expect(await cli(['account', 'withdraw', accountId, '--amount', '12000'], as('tina'))).toMatchObject({ code: 2, json: { error: { code: 'APPROVAL_REQUIRED', field: 'approval' } } });
    expect(await cli(['account', 'withdraw', accountId, '--amount', '12000', '--approver', 'sam'], as('tina', { FIDELIS_APPROVER_PASSWORD: 'wrong password' }))).toMatchObject({
      code: 2,
      json: { error: { code: 'INVALID_CREDENTIALS', field: 'approval' } },
    });
    expect(await cli(['account', 'withdraw', accountId, '--amount', '12000', '--approver', 'sam'], as('tina', { FIDELIS_APPROVER_PASSWORD: STAFF_PASSWORD }))).toMatchObject({ code: 0 });
    const events = await host.store.readStream(`account-${accountId}`);
    expect(events.map((e) => [e.meta.actor, e.meta['approvedBy']])).toEqual([
      ['tina', undefined],
      ['tina', 'sam'],
    ]);
  });

  it('changes one\'s own password, after which only the new one signs in', async () => {
    const next = 'a brand new passphrase';
    expect(await cli(['staff', 'passwd'], as('sam', { FIDELIS_NEW_PASSWORD: 'short' }))).toMatchObject({ code: 2, json: { error: { code: 'WEAK_PASSWORD' } } });
    expect(await cli(['staff', 'passwd'], as('sam', { FIDELIS_NEW_PASSWORD: next }))).toMatchObject({ code: 0, json: { username: 'sam' } });
    expect(await cli(['account', 'show', 'x'], as('sam'))).toMatchObject({ json: { error: { code: 'INVALID_CREDENTIALS' } } });
    expect(await host.staff.authenticate('sam', next)).toMatchObject({ username: 'sam' });
    expect(await cli(['staff', 'passwd', 'tina'], { FIDELIS_USER: 'sam', FIDELIS_PASSWORD: next, FIDELIS_NEW_PASSWORD: next })).toMatchObject({ code: 2, json: { error: { code: 'FORBIDDEN' } } });
  });

  it('disables a user, who can then no longer run anything', async () => {
    expect(await cli(['staff', 'disable', 'tina'], as('root'))).toMatchObject({ code: 0 });
    expect(await cli(['account', 'show', 'x'], as('tina'))).toMatchObject({ code: 2, json: { error: { code: 'INVALID_CREDENTIALS' } } });
  });

  it('refuses, as bin/fidelis.js on a new data dir without a terminal, to run anything before the first administrator (exit 2)', async () => {
    const dir = makeTempDir();
    try {
      const refused = await runFidelisBin(['account', 'open', '--number', 'N-1', '--holder', 'Ada', '--data-dir', dir.path, '--json'], { FIDELIS_USER: 'ada', FIDELIS_PASSWORD: STAFF_PASSWORD });
      expect(refused.code).toBe(2);
      expect(refused.json).toMatchObject({ error: { code: 'UNAUTHENTICATED', message: expect.stringContaining('fidelis staff bootstrap') } });
    } finally {
      dir.remove();
    }
  });
});
