/** SCENARIOS part I end to end through a whole host, in memory and on disk: validation, rules, idempotency, group commit. */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../../../main/host.js';
import { eventEnvelopeSchema } from '@fidelis/shared/events/envelope.js';
import { accountCommands } from '../../support/accountFixtures.js';
import { pipelineScenario, withMeta } from '../../support/givenWhenThen.js';
import { refusalOf } from '../../support/storeFixtures.js';
import { makeTempDir, type TempDir } from '../../support/tempDir.js';

interface HostUnderTest {
  readonly host: Host;
  cleanup(): void;
}

/** The kind of host, how to open it, and how many concurrent commands the group-commit test sends it. */
const kinds: [string, () => Promise<HostUnderTest>, number][] = [
  ['in memory', async () => ({ host: await createHost({ inMemory: true }), cleanup: () => undefined }), 200],
  [
    // One on-disk data dir per process (indexeddbshim keeps one global configuration): every test here shares it.
    'on disk',
    async () => {
      const dir: TempDir = makeTempDir();
      return { host: await createHost({ dataDir: dir.path }), cleanup: dir.remove };
    },
    // Fewer on disk: closing the host waits for background processing (fact events, read models) to catch up.
    64,
  ],
];

describe.each(kinds)('the command pipeline %s', (_kind, open, groupSize) => {
  let host: Host;
  let cleanup: () => void;
  let scenario: ReturnType<typeof pipelineScenario>;

  beforeAll(async () => {
    ({ host, cleanup } = await open());
    scenario = pipelineScenario(host);
  });

  afterAll(async () => {
    await host?.close();
    cleanup?.();
  }, 180_000);

  describe('opening an account (1)', () => {
    it('returns the new id and appends one AccountOpened to account-<id>; a reload gives holder, balance, ACTIVE, version 0', async () => {
      const outcome = await host.execute({ type: 'OpenAccount', number: 'CHK-1001', holder: 'Ada Lovelace', openingDeposit: '1000' }, { actor: 'teller-7' });
      expect(outcome.aggregateId.length).toBeGreaterThan(0);
      expect(outcome.streamId).toBe(`account-${outcome.aggregateId}`);
      expect(outcome.version).toBe(0);
      expect(outcome.duplicate).toBe(false);

      const stream = await host.readStream(outcome.streamId);
      expect(stream).toEqual(outcome.events);
      expect(stream).toHaveLength(1);
      const opened = eventEnvelopeSchema.parse(stream[0]);
      expect(opened).toMatchObject({
        type: 'Fidelis.AccountOpened.v2',
        streamId: outcome.streamId,
        version: 0,
        gpos: null,
        data: { accountId: outcome.aggregateId, number: 'CHK-1001', holder: 'Ada Lovelace', owners: [`acct-${outcome.aggregateId}`], currency: 'USD', openingDeposit: '100000', openingDepositSource: 'cash' },
        meta: { actor: 'teller-7', deviceId: host.settings.deviceId, branchId: host.settings.branchId },
      });
      expect(opened.meta.correlationId).toBe(opened.meta.commandId);

      expect(await host.getAccount(outcome.aggregateId)).toMatchObject({
        accountId: outcome.aggregateId,
        number: 'CHK-1001',
        holder: 'Ada Lovelace',
        currency: 'USD',
        balance: '1000.00',
        status: 'ACTIVE',
        version: 0,
      });
    });

    it.each([
      ['an account number over 20 characters', { number: 'X'.repeat(21) }, 'number'],
      ['a holder over 150 characters', { holder: 'H'.repeat(151) }, 'holder'],
      ['an empty holder', { holder: '  ' }, 'holder'],
      ['an unsupported currency', { currency: 'XXX' }, 'currency'],
    ])('refuses %s on that field and stores nothing', async (_label, fields, field) => {
      const cmd = accountCommands();
      const commandId = `bad-${cmd.accountId}`;
      const error = await refusalOf(host.execute({ ...cmd.open(), ...fields }, { commandId }));
      expect(error).toMatchObject({ code: 'VALIDATION', field });
      expect(await host.store.findByCommand(commandId)).toBeUndefined();
      expect(await host.readStream(`account-${cmd.accountId}`)).toEqual([]);
    });

    it('refuses a malformed opening deposit and an unknown command type', async () => {
      const cmd = accountCommands();
      expect(await refusalOf(host.execute(cmd.open({ openingDeposit: '1,000.00' })))).toMatchObject({ code: 'INVALID_AMOUNT', field: 'openingDeposit' });
      expect(await refusalOf(host.execute({ type: 'StealMoney', accountId: cmd.accountId }))).toMatchObject({ code: 'VALIDATION', field: 'type' });
      expect(await host.getAccount(cmd.accountId)).toBeUndefined();
    });
  });

  it('1000 + 500 + 200 − 150 gives 1550.00 at version 3 (2)', async () => {
    const cmd = accountCommands();
    const { then } = await scenario.given(cmd.open({ openingDeposit: '1000' })).when(cmd.deposit('500'), cmd.deposit('200'), cmd.withdraw('150'));
    then.expectAccepted();
    expect(then.state).toMatchObject({ balance: '1550.00', version: 3, status: 'ACTIVE' });
    expect(then.history.types).toEqual(['AccountOpened', 'DepositMade', 'DepositMade', 'WithdrawalMade']);
    expect(then.history.all.map((e) => e.version)).toEqual([0, 1, 2, 3]);
    expect(then.outcome?.version).toBe(3);
  });

  it.each([
    ['a deposit of zero', (c: ReturnType<typeof accountCommands>) => c.deposit('0')],
    ['a negative deposit', (c: ReturnType<typeof accountCommands>) => c.deposit('-5')],
    ['a withdrawal of 0.00', (c: ReturnType<typeof accountCommands>) => c.withdraw('0.00')],
    ['a negative withdrawal', (c: ReturnType<typeof accountCommands>) => c.withdraw('-0.01')],
  ])('refuses %s on field amount and stores nothing (3)', async (_label, make) => {
    const cmd = accountCommands();
    const commandId = `bad-${cmd.accountId}`;
    const { then } = await scenario.given(cmd.open()).when(withMeta(make(cmd), { commandId }));
    then.expectRejected({ code: 'INVALID_AMOUNT', field: 'amount' });
    expect(then.history.count).toBe(1);
    expect(then.state).toMatchObject({ balance: '1000.00', version: 0 });
    expect(await host.store.findByCommand(commandId)).toBeUndefined();
  });

  describe('the available balance (4)', () => {
    it('refuses a withdrawal past it with INSUFFICIENT_FUNDS on balance; no event, version unchanged', async () => {
      const cmd = accountCommands();
      const { then } = await scenario.given(cmd.open({ openingDeposit: '100' }), cmd.deposit('20')).when(cmd.withdraw('120.01'));
      then.expectRejected({ code: 'INSUFFICIENT_FUNDS', field: 'balance' });
      expect(then.events.count).toBe(0);
      expect(then.history.count).toBe(2);
      expect(then.state).toMatchObject({ balance: '120.00', version: 1 });
    });

    it('includes the overdraft limit', async () => {
      const cmd = accountCommands();
      const given = scenario.given(cmd.open({ openingDeposit: '100', overdraftLimit: '50' }));
      const { then } = await given.when(cmd.withdraw('150'));
      then.expectAccepted();
      expect(then.state).toMatchObject({ balance: '-50.00', availableBalance: '0.00', overdraftLimit: '50.00' });
      (await scenario.when(cmd.withdraw('0.01'))).then.expectRejected({ code: 'INSUFFICIENT_FUNDS', field: 'balance' });
    });
  });

  describe('closing (5)', () => {
    it('is refused on status while the balance is not zero; after emptying it gives CLOSED', async () => {
      const cmd = accountCommands();
      const refused = (await scenario.given(cmd.open({ openingDeposit: '25' })).when(cmd.close())).then;
      refused.expectRejected({ code: 'NON_ZERO_BALANCE', field: 'status' });
      expect(refused.state).toMatchObject({ status: 'ACTIVE', version: 0 });

      const { then } = await scenario.when(cmd.withdraw('25'), cmd.close('moved abroad'));
      then.expectAccepted();
      expect(then.state).toMatchObject({ status: 'CLOSED', balance: '0.00', version: 2 });
      expect(then.events.last?.data).toMatchObject({ reason: 'moved abroad' });
    });

    it.each([
      ['a deposit', (c: ReturnType<typeof accountCommands>) => c.deposit('1')],
      ['a withdrawal', (c: ReturnType<typeof accountCommands>) => c.withdraw('1')],
      ['a second close', (c: ReturnType<typeof accountCommands>) => c.close()],
    ])('leaves a closed account refusing %s', async (_label, make) => {
      const cmd = accountCommands();
      const { then } = await scenario.given(cmd.open({ openingDeposit: '0' }), cmd.close()).when(make(cmd));
      then.expectRejected({ code: 'ACCOUNT_CLOSED', field: 'status' });
      expect(then.history.count).toBe(2);
    });
  });

  it('runs the chain +500, +200, −1700, close from an opening of 1000 to 0, CLOSED, 4 events after the opening (7)', async () => {
    const cmd = accountCommands();
    const { then } = await scenario.given(cmd.open({ openingDeposit: '1000' })).when(cmd.deposit('500'), cmd.deposit('200'), cmd.withdraw('1700'), cmd.close());
    then.expectAccepted();
    expect(then.state).toMatchObject({ balance: '0.00', status: 'CLOSED', version: 4 });
    expect(then.chain.count).toBe(4);
    expect(then.chain.types).toEqual(['DepositMade', 'DepositMade', 'WithdrawalMade', 'AccountClosed']);
    expect(then.history.count).toBe(5);
    expect(then.events.types).toEqual(['AccountClosed']);
    expect(then.outcomes).toHaveLength(4);
  });

  it('reads a DepositMade stored at v1 with sourceType "unknown" and counts it in the balance', async () => {
    const cmd = accountCommands();
    const stream = `account-${cmd.accountId}`;
    const { then } = await scenario
      .given(cmd.open({ openingDeposit: '10' }))
      .givenEvents(stream, { type: 'Fidelis.DepositMade.v1', data: { accountId: cmd.accountId, amount: '500' } })
      .when(cmd.deposit('1'));
    then.expectAccepted();
    expect(then.state).toMatchObject({ balance: '16.00', version: 2 });
    // Stored as written: upcasting happens on read, never on disk.
    expect(then.history.all[1]).toMatchObject({ type: 'Fidelis.DepositMade.v1', data: { accountId: cmd.accountId, amount: '500' } });
  });

  describe('idempotency by command id', () => {
    it('returns the first result again for a retry, marked duplicate, with one event stored', async () => {
      const cmd = accountCommands();
      await host.execute(cmd.open());
      const first = await host.execute(cmd.deposit('500'), { commandId: `dep-${cmd.accountId}` });
      const retry = await host.execute(cmd.deposit('500'), { commandId: `dep-${cmd.accountId}` });
      expect(first.duplicate).toBe(false);
      expect(retry).toEqual({ ...first, duplicate: true });
      expect(await host.readStream(first.streamId)).toHaveLength(2);
      expect((await host.getAccount(cmd.accountId))?.balance).toBe('1500.00');
    });

    it('applies concurrent retries of one command once', async () => {
      const cmd = accountCommands();
      await host.execute(cmd.open());
      const results = await Promise.all([1, 2, 3].map(() => host.execute(cmd.deposit('5'), { commandId: `race-${cmd.accountId}` })));
      expect(new Set(results.map((r) => r.events[0]!.id)).size).toBe(1);
      expect(results.filter((r) => !r.duplicate).length).toBeLessThanOrEqual(1);
      expect(await host.readStream(`account-${cmd.accountId}`)).toHaveLength(2);
      expect((await host.getAccount(cmd.accountId))?.balance).toBe('1005.00');
    });

    it('treats a retry that spells out defaults or orders fields differently as the same command', async () => {
      const cmd = accountCommands();
      await host.execute(cmd.open());
      const id = `dep-${cmd.accountId}`;
      await host.execute({ type: 'MakeDeposit', accountId: cmd.accountId, amount: '7' }, { commandId: id });
      const retry = await host.execute({ amount: '7', sourceType: 'cash', accountId: cmd.accountId, type: 'MakeDeposit' }, { commandId: id });
      expect(retry.duplicate).toBe(true);
    });

    it('refuses the same id with a different payload with IDEMPOTENCY_CONFLICT on commandId', async () => {
      const cmd = accountCommands();
      await host.execute(cmd.open());
      const id = `dep-${cmd.accountId}`;
      await host.execute(cmd.deposit('500'), { commandId: id });
      expect(await refusalOf(host.execute(cmd.deposit('600'), { commandId: id }))).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT', field: 'commandId' });
      expect(await refusalOf(host.execute(cmd.withdraw('500'), { commandId: id }))).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT' });
      expect(await host.readStream(`account-${cmd.accountId}`)).toHaveLength(2);
      expect((await host.getAccount(cmd.accountId))?.balance).toBe('1500.00');
    });

    it('still returns the first result for a withdrawal retried after the account was drained', async () => {
      const cmd = accountCommands();
      const { then } = await scenario
        .given(cmd.open({ openingDeposit: '1000' }), withMeta(cmd.withdraw('600'), { commandId: `w-${cmd.accountId}` }), cmd.withdraw('400'))
        .when(withMeta(cmd.withdraw('600'), { commandId: `w-${cmd.accountId}` }));
      then.expectAccepted();
      expect(then.outcome).toMatchObject({ duplicate: true, version: 1 });
      expect(then.events.first?.data).toMatchObject({ amount: '60000' });
      expect(then.state).toMatchObject({ balance: '0.00', version: 2 });
      expect(then.history.count).toBe(3);
    });

    it('opens one account when an OpenAccount without an id is retried', async () => {
      const commandId = `open-${accountCommands().accountId}`;
      const request = { type: 'OpenAccount', number: 'SAV-9', holder: 'Grace Hopper', openingDeposit: '5' };
      const first = await host.execute(request, { commandId });
      const retry = await host.execute(request, { commandId });
      expect(retry.aggregateId).toBe(first.aggregateId);
      expect(retry.duplicate).toBe(true);
      expect(await host.readStream(first.streamId)).toHaveLength(1);
    });

    it('does not use up the id of a refused command: nothing was stored, so a retry decides again', async () => {
      const cmd = accountCommands();
      await host.execute(cmd.open({ openingDeposit: '0' }));
      const id = `w-${cmd.accountId}`;
      expect(await refusalOf(host.execute(cmd.withdraw('10'), { commandId: id }))).toMatchObject({ code: 'INSUFFICIENT_FUNDS' });
      await host.execute(cmd.deposit('10'));
      const retried = await host.execute(cmd.withdraw('10'), { commandId: id });
      expect(retried.duplicate).toBe(false);
      expect((await host.getAccount(cmd.accountId))?.balance).toBe('0.00');
    });
  });

  it('retries writers racing on one account so that every deposit lands once, with no duplicate version (6)', async () => {
    const cmd = accountCommands();
    await host.execute(cmd.open({ openingDeposit: '0' }));
    // Each round of the race has a winner, so 4 racers need at most 3 re-decides: the default allows 3.
    const outcomes = await Promise.all(['1', '2', '3', '4'].map((amount) => host.execute(cmd.deposit(amount))));
    expect(outcomes.map((o) => o.version).sort()).toEqual([1, 2, 3, 4]);
    const stream = await host.readStream(`account-${cmd.accountId}`);
    expect(stream.map((e) => e.version)).toEqual([0, 1, 2, 3, 4]);
    expect((await host.getAccount(cmd.accountId))?.balance).toBe('10.00');
  });

  it('group-commits concurrent commands on different accounts, each at its own seq, with no holes in seq', async () => {
    const before = host.store.headSeq();
    const commands = Array.from({ length: groupSize }, (_, i) => accountCommands().open({ number: `G-${i}`, openingDeposit: String(i) }));
    const outcomes = await Promise.all(commands.map((command) => host.execute(command)));
    // Other work (fact events, handlers) may append beside them: seq stays unique and gapless, not reserved for these.
    const seqs = outcomes.map((o) => o.events[0]!.seq).sort((a, b) => a - b);
    expect(new Set(seqs).size).toBe(groupSize);
    expect(seqs[0]).toBeGreaterThan(before);
    expect(seqs.at(-1)).toBeLessThanOrEqual(host.store.headSeq());

    // Read them back by seq in pages that do not line up with anything.
    const read = [];
    for (let after = before; ; ) {
      const page = await host.store.readAll(after, 37);
      if (page.length === 0) break;
      expect(page.length).toBeLessThanOrEqual(37);
      read.push(...page);
      after = page.at(-1)!.seq;
    }
    expect(read.map((e) => e.seq)).toEqual(read.map((_, i) => before + 1 + i));
    const readSeqs = new Set(read.map((e) => e.seq));
    expect(seqs.every((seq) => readSeqs.has(seq))).toBe(true);
    expect(read.filter((e) => e.type.startsWith('Fidelis.AccountOpened.')).map((e) => e.streamId).sort()).toEqual(outcomes.map((o) => o.streamId).sort());
  });
});
