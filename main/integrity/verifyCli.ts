/** `fidelis verify`: recomputes the ledger's hash chain; exit 0 when intact, 2 naming the first broken link. */

import type { LedgerVerification } from './ledgerVerify.js';
import type { CliCommand } from '../cli/cliCommand.js';

export const verifyCommands: CliCommand[] = [
  {
    words: ['verify'],
    args: [],
    options: {},
    access: 'read',
    summary: 'Recompute every stream\'s hash chain from the stored commits; exit 2 naming the first broken link (tampering).',
    run: (context) => context.host.verify(context.progress),
    text: (result: LedgerVerification) =>
      result.ok
        ? [
            `Ledger intact: ${result.commits} commit(s), ${result.events} event(s) in ${result.streams} stream(s) checked up to seq ${result.headSeq}.`,
            `Ledger head hash: ${result.ledgerHeadHash}`,
          ].join('\n')
        : [
            `Ledger BROKEN: ${result.breaks} broken link(s) in ${result.commits} commit(s) of ${result.streams} stream(s).`,
            `First broken link: ${result.firstBreak!.message}`,
            `Ledger head hash (as stored): ${result.ledgerHeadHash}`,
          ].join('\n'),
    exitCode: (result: LedgerVerification) => (result.ok ? 0 : 2),
  },
];
