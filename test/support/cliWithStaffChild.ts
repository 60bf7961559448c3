// The `fidelis` CLI in a child process whose ledger has the test staff: seeded on first use in the same open as the
// command, so a test's first CLI run costs one spawn, not two. Everything else is bin/fidelis.js's runCli.

import { runCli, usableDataDir } from '../../main/cli/main.js';
import { createHost } from '../../main/host.js';
import { TEST_STAFF_SETTINGS, seedTestStaff } from './staffFixtures.js';

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  async openHost(dataDir, progress) {
    // A new data dir's settings.json gets the cheap KDF (kept for later runs); an existing one keeps its own.
    const host = await createHost({ dataDir: usableDataDir(dataDir), progress, settings: TEST_STAFF_SETTINGS });
    try {
      if (!(await host.staff.exists())) await seedTestStaff(host);
    } catch (error) {
      await host.close();
      throw error;
    }
    return host;
  },
});
