/**
 * One contender for a data dir's lock (test/integration/safety/dataDirLock.test.ts): waits until the shared start
 * time so every contender tries at once, tries lockDataDir, prints `won` or `lost CODE`; a winner keeps the lock
 * until stdin closes (or it is killed).
 */

import { lockDataDir } from '../../main/store/dataDirLock.js';

const [dataDir, startAt] = process.argv.slice(2);

const start = Number(startAt);
const wait = start - Date.now() - 3;
if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
// The last milliseconds spin: timers are coarse, and the point is to try at the same instant.
while (Date.now() < start);

try {
  const lock = lockDataDir(dataDir!);
  process.stdout.write(`won ${process.pid}\n`);
  process.stdin.resume();
  await new Promise((resolve) => process.stdin.on('end', resolve));
  lock.release();
} catch (error) {
  process.stdout.write(`lost ${(error as { code?: string }).code ?? (error as Error).message}\n`);
}
