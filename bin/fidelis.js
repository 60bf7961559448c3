#!/usr/bin/env node
// The `fidelis` command: runs the CLI's bundle (out/node/cli.js), which `npm run build:node` makes at install.
import { existsSync } from 'node:fs';

const bundle = new URL('../out/node/cli.js', import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write('fidelis: the CLI is not built yet; run `npm run build:node` (npm ci and npm install run it).\n');
  process.exit(1);
}
const { runCli } = await import(bundle.href);
process.exitCode = await runCli(process.argv.slice(2));
