/**
 * `npx tsx bench/signing.ts [--commands 300] [--runs 3]`: what signing costs a command. A teller signed in on a host
 * on disk posts deposits (host.executeAs, each signed with their key on the way to the store); beside that, the
 * signing alone (the signed content hash and Ed25519) and the check a receiver runs on each commit (the gateway's,
 * a pulling workstation's and verify's), on the very commits the deposits wrote. Prints a table of medians.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { checkCommitSigning } from '@fidelis/shared/signing/commitCheck.js';
import { contentOfCommit, signedContentHash } from '@fidelis/shared/signing/commitSignatures.js';
import { createStaffHistory } from '@fidelis/shared/signing/staffHistory.js';
import { createHost } from '../main/host.js';
import { signingCrypto } from '../main/integrity/signatureAudit.js';
import { signWith } from '../main/staff/signingKeys.js';

const { values } = parseArgs({ options: { commands: { type: 'string', default: '300' }, runs: { type: 'string', default: '3' } } });
const commands = Number(values.commands);
const runs = Number(values.runs);
const PASSWORD = 'correct horse battery';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const dataDir = mkdtempSync(join(tmpdir(), 'fidelis-bench-signing-'));
const host = await createHost({ dataDir, settings: { kdfLog2Cost: 4 } });
try {
  await host.staff.bootstrap({ username: 'admin', displayName: 'Ada Admin', password: PASSWORD });
  const { principal: admin } = await host.staff.sessions.signIn('admin', PASSWORD);
  await host.staff.provision(admin, { username: 'teller', displayName: 'Tom Teller', roles: ['teller'], password: PASSWORD });
  const { principal: teller } = await host.staff.sessions.signIn('teller', PASSWORD);
  const { aggregateId, streamId } = await host.executeAs(teller, { type: 'OpenAccount', number: '1', holder: 'Grace Hopper', openingDeposit: '10.00' });
  const key = host.staff.signingKeyOf('teller')!;

  const commandMs: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    for (let i = 0; i < commands; i++) await host.executeAs(teller, { type: 'MakeDeposit', accountId: aggregateId, amount: '1.00' });
    commandMs.push((performance.now() - started) / commands);
  }

  // The deposits as stored, each one commit of one event: sign them again, and check them as a receiver would.
  const deposits = (await host.readStream(streamId)).slice(1).map((event) => ({ streamId, events: [event] }));
  const signMs: number[] = [];
  const checkMs: number[] = [];
  const history = createStaffHistory();
  for (const name of ['admin', 'teller']) history.apply(await host.readStream(`staff-${name}`));
  for (let run = 0; run < runs; run++) {
    let started = performance.now();
    for (const commit of deposits) signWith(key, signedContentHash(signingCrypto.sha256, contentOfCommit(commit.streamId, commit.events)));
    signMs.push((performance.now() - started) / deposits.length);
    started = performance.now();
    let refused = 0;
    for (const commit of deposits) if (!checkCommitSigning(signingCrypto, commit, history, () => true).ok) refused++;
    checkMs.push((performance.now() - started) / deposits.length);
    if (refused > 0) throw new Error(`${refused} stored deposit(s) did not pass the check`);
  }

  const command = median(commandMs);
  const sign = median(signMs);
  const check = median(checkMs);
  const pct = (ms: number) => `${((ms / command) * 100).toFixed(2)} %`;
  process.stdout.write(
    [
      `host on disk (${dataDir}); ${commands} deposits per run by a signed-in teller, ${deposits.length} commits checked; median of ${runs} runs`,
      '',
      '| per commit | ms | share of the command |',
      '|---|---:|---:|',
      `| host.executeAs(MakeDeposit), signing included | ${command.toFixed(3)} | 100 % |`,
      `| signing: signed content hash + Ed25519 sign | ${sign.toFixed(3)} | ${pct(sign)} |`,
      `| receiver's check: hash + Ed25519 verify + permission | ${check.toFixed(3)} | ${pct(check)} |`,
      `| sign + check | ${(sign + check).toFixed(3)} | ${pct(sign + check)} |`,
      '',
    ].join('\n'),
  );
} finally {
  await host.close();
  rmSync(dataDir, { recursive: true, force: true });
}
