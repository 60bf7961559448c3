// A CLI command that only reads opens its host without the background work a write may start; the host then runs none.

import { describe, expect, it } from 'vitest';
import { runCli } from '../../../main/cli/main.js';
import { createHost, type Host } from '../../../main/host.js';
import { PAYFLOW_ACL } from '../../../main/payments/payflowAcl.js';
import { PAYMENT_PROCESS_MANAGER } from '../../../main/payments/paymentProcessManager.js';
import { TRANSFER_PROCESS_MANAGER } from '../../../main/transfers/transferProcessManager.js';
import { seedTestStaff, STAFF_PASSWORD, TEST_STAFF_SETTINGS } from '../../support/staffFixtures.js';

const BACKGROUND = [TRANSFER_PROCESS_MANAGER, PAYMENT_PROCESS_MANAGER, PAYFLOW_ACL];
const subscriptionNames = async (host: Host) => (await host.processing.status()).map((status) => status.name);

describe('the host of a CLI command', () => {
  it('is opened without background work for a read and with it for a write', async () => {
    const host = await createHost({ inMemory: true, settings: TEST_STAFF_SETTINGS });
    try {
      await seedTestStaff(host, ['teller']);
      // The CLI's close leaves the test's host open for the next line.
      const shared = new Proxy(host, { get: (target, key, receiver) => (key === 'close' ? async () => undefined : Reflect.get(target, key, receiver)) });
      const asked: boolean[] = [];
      let stdout = '';
      const run = (argv: readonly string[]) =>
        runCli([...argv, '--json'], {
          stdout: { write: (text: string) => (stdout += text) },
          stderr: { write: () => true },
          openHost: async (_dataDir, _progress, background) => (asked.push(background), shared),
          env: { FIDELIS_USER: 'teller', FIDELIS_PASSWORD: STAFF_PASSWORD },
        });
      expect(await run(['customer', 'add', '--name', 'Ada Lovelace', '--line1', '12 Main St', '--city', 'Springfield', '--state', 'IL', '--country', 'US'])).toBe(0);
      const { customerId } = JSON.parse(stdout) as { customerId: string };
      stdout = '';
      expect(await run(['customer', 'show', customerId])).toBe(0);
      expect(JSON.parse(stdout)).toMatchObject({ customer: { customerId, legalName: 'Ada Lovelace' }, accounts: [] });
      expect(asked).toEqual([true, false]);
    } finally {
      await host.close();
    }
  });

  it('starts no transfer process manager, payment queue or PayFlow inbox without background work, and still serves reads', async () => {
    const full = await createHost({ inMemory: true });
    const reading = await createHost({ inMemory: true, background: false });
    try {
      expect(await subscriptionNames(full)).toEqual(expect.arrayContaining(BACKGROUND));
      const names = await subscriptionNames(reading);
      for (const name of BACKGROUND) expect(names).not.toContain(name);
      expect(names).toEqual((await subscriptionNames(full)).filter((name) => !BACKGROUND.includes(name)));
      expect(await reading.staff.exists()).toBe(false);
    } finally {
      await reading.close();
      await full.close();
    }
  });
});
