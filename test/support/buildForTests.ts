/**
 * Vitest global set-up of the tiers that spawn processes: once per run, rebuilds the Node programs (out/node, what
 * bin/fidelis.js and browser mode run) and bundles the test children (test/support/*Child.ts) into out/node-test, so
 * every process a test starts runs the code under test, as plain JavaScript.
 */

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { bundleNodePrograms, NODE_OUT, NODE_PROGRAMS, ROOT } from '../../scripts/buildNode.js';

/** Two folders below the root, like out/node: the children's paths relative to themselves (REPO_ROOT) still hold. */
export const TEST_CHILDREN_OUT = join(ROOT, 'out', 'node-test');

const testChildren = (): Record<string, string> =>
  Object.fromEntries(
    readdirSync(join(ROOT, 'test', 'support'))
      .filter((name) => name.endsWith('Child.ts'))
      .map((name) => [name.slice(0, -'.ts'.length), `test/support/${name}`]),
  );

/** Each project that spawns processes names this set-up; a run that includes several builds once (same process). */
const BUILT = Symbol.for('fidelis.test.bundlesBuilt');

export async function setup(): Promise<void> {
  const run = globalThis as { [BUILT]?: Promise<void> };
  run[BUILT] ??= Promise.all([bundleNodePrograms(NODE_PROGRAMS, NODE_OUT), bundleNodePrograms(testChildren(), TEST_CHILDREN_OUT)]).then(() => undefined);
  await run[BUILT];
}
