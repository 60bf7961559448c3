/** `fidelis verify`: recomputes the ledger's hash chain and checks who signed each commit; exit 0 when both hold, 2 naming the first fault. */

import type { LedgerVerification } from './ledgerVerify.js';
import type { SignatureVerification } from './signatureAudit.js';
import type { CliCommand } from '../cli/cliCommand.js';

const signatureLines = (s: SignatureVerification): string[] => [
  `Signatures: ${s.signedByPerson} commit(s) signed by their person, ${s.signedByDevice} by a workstation for a process, ${s.unsignedBeforeSigning} unsigned (before signing), ${s.refused} refused.`,
  ...(s.firstRefusal ? [`First refused signature: ${s.firstRefusal.code} at ${s.firstRefusal.streamId} version ${s.firstRefusal.version} (seq ${s.firstRefusal.seq}): ${s.firstRefusal.message}`] : []),
];

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
            ...signatureLines(result.signatures),
          ].join('\n')
        : [
            `Ledger BROKEN: ${result.breaks} broken link(s) in ${result.commits} commit(s) of ${result.streams} stream(s).`,
            `First broken link: ${result.firstBreak!.message}`,
            `Ledger head hash (as stored): ${result.ledgerHeadHash}`,
            ...signatureLines(result.signatures),
          ].join('\n'),
    exitCode: (result: LedgerVerification) => (result.ok && result.signatures.refused === 0 ? 0 : 2),
  },
];
