/** fast-check generators of Account commands: mostly plausible teller input, sometimes the junk tellers also type. */

import fc from 'fast-check';
import { formatAmount } from '@fidelis/shared/money/money.js';
import type { AccountCommand } from '@fidelis/shared/accounts/index.js';
import { accountCommands } from './accountFixtures.js';

const JUNK_AMOUNTS = ['0', '0.00', '-1', '-0', '1e3', '', 'NaN', '1,000', ' 1', '10.001', 'abc'];

/** A decimal amount in USD: usually valid (0.01 up to `maxMajor`), sometimes malformed or not positive. */
export const amountArbitrary = (maxMajor = 2_000): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 8, arbitrary: fc.bigInt(1n, BigInt(maxMajor) * 100n).map((cents) => formatAmount(cents, 'USD')) },
    { weight: 1, arbitrary: fc.bigInt(1n, BigInt(maxMajor)).map((whole) => whole.toString()) },
    { weight: 1, arbitrary: fc.constantFrom(...JUNK_AMOUNTS) },
  );

/** One command for the given account: open (rarely, it is usually refused as a second open), deposit, withdraw, close. */
export function accountCommandArbitrary(accountId: string): fc.Arbitrary<AccountCommand> {
  const cmd = accountCommands(accountId);
  return fc.oneof(
    { weight: 1, arbitrary: fc.record({ opening: amountArbitrary(1_000), overdraft: amountArbitrary(500) }).map(({ opening, overdraft }) => cmd.open({ openingDeposit: opening, overdraftLimit: overdraft })) },
    { weight: 5, arbitrary: amountArbitrary().map((amount) => cmd.deposit(amount)) },
    { weight: 5, arbitrary: amountArbitrary().map((amount) => cmd.withdraw(amount)) },
    { weight: 1, arbitrary: fc.constant(cmd.close()) },
  );
}

/** A session on one account: an opening (valid amounts) followed by random commands. */
export function accountSessionArbitrary(accountId: string, maxLength: number): fc.Arbitrary<AccountCommand[]> {
  const cmd = accountCommands(accountId);
  const validAmount = fc.bigInt(0n, 100_000n).map((cents) => formatAmount(cents, 'USD'));
  const opening = fc.record({ opening: validAmount, overdraft: validAmount }).map(({ opening, overdraft }) => cmd.open({ openingDeposit: opening, overdraftLimit: overdraft }));
  return fc.tuple(opening, fc.array(accountCommandArbitrary(accountId), { maxLength })).map(([open, rest]) => [open, ...rest]);
}
