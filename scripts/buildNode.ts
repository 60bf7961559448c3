/**
 * `npm run build:node`: bundles the Node programs (the CLI, browser mode, the gateway, the PayFlow simulator) into
 * out/node with esbuild, so they start as plain JavaScript instead of being transpiled at every start.
 * npm packages stay external (node_modules at run time); our own code, @fidelis/shared included, is bundled.
 */

import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type OutputFile } from 'esbuild';
import { DECLARATIONS_FILE, declareCommands } from '../main/cli/commandDeclarations.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Two folders below the root, as main/serve/ and gateway/ are: paths their code makes relative to itself still hold. */
export const NODE_OUT = join(ROOT, 'out', 'node');

/** The programs, by the name of their bundle in the output folder. */
export const NODE_PROGRAMS = {
  cli: 'main/cli/main.ts',
  serve: 'main/serve/index.ts',
  gateway: 'gateway/main.ts',
  'payflow-sim': 'payflow/simulator/main.ts',
} as const;

const SHARED_ALIAS = { '@fidelis/shared': join(ROOT, 'shared') };

/** Programs bundled with their npm packages (the CLI: it starts for every command a person types). */
const SELF_CONTAINED: ReadonlySet<string> = new Set(['cli']);

/**
 * Packages that stay in node_modules even then: native code, or files read beside their own (fonts, workers, WebSQL).
 * pino is bundled: only its transports run a worker file beside it, and main/log.ts writes through pino.destination.
 */
const KEEP_EXTERNAL = ['better-sqlite3', 'pdfkit', 'exceljs', 'indexeddbshim', 'websql-configurable', 'sqlite3', 'canvas'] as const;

/**
 * Pure JavaScript packages whose export for Node is their CommonJS build, which esbuild would take: wrapped as
 * CommonJS, every module of theirs is kept and run at start (mingo's hundreds of operators, all of rxjs). Their ES
 * module build is the same code, and lets the bundle drop what is never imported: folder of that build, per package.
 */
const ES_MODULE_BUILDS: Readonly<Record<string, string>> = { mingo: 'esm', rxjs: 'dist/esm' };

const esModuleAliases = (): Record<string, string> => {
  const require = createRequire(import.meta.url);
  return Object.fromEntries(Object.entries(ES_MODULE_BUILDS).map(([name, folder]) => [name, join(dirname(require.resolve(`${name}/package.json`)), folder)]));
};

/** A chunk no current bundle names is removed only after this long: a process started from an older build may still load it. */
const STALE_CHUNK_MS = 60 * 60 * 1000;

/**
 * Bundles `entries` (name → source file relative to the root) into `outDir`. Chunks are named by their content and
 * written before the entries, and every file lands by rename: a process starting meanwhile (another test run in the
 * same checkout) reads either the previous build or this one, never half a file.
 */
export async function bundleNodePrograms(entries: Readonly<Record<string, string>>, outDir: string): Promise<void> {
  const groups = [
    Object.entries(entries).filter(([name]) => !SELF_CONTAINED.has(name)),
    Object.entries(entries).filter(([name]) => SELF_CONTAINED.has(name)),
  ].filter((group) => group.length > 0);
  const outputFiles = (await Promise.all(groups.map((group) => bundleGroup(group, outDir, SELF_CONTAINED.has(group[0]![0]))))).flat();
  mkdirSync(outDir, { recursive: true });
  // The commands' declarations beside the bundles: help and refused lines read them instead of loading every area.
  writeAtomically({ path: join(outDir, DECLARATIONS_FILE), contents: Buffer.from(`${JSON.stringify(await declareCommands())}\n`) });
  const entryFiles = new Set(Object.keys(entries).map((name) => join(outDir, `${name}.js`)));
  const chunks = outputFiles.filter((file) => !entryFiles.has(file.path));
  for (const file of [...chunks, ...outputFiles.filter((file) => entryFiles.has(file.path))]) writeAtomically(file);
  removeStaleChunks(outDir, new Set(outputFiles.map((file) => basename(file.path))));
}

/**
 * One esbuild run over some programs; `selfContained` bundles their npm packages too (but KEEP_EXTERNAL): loading a
 * few files instead of hundreds of small modules (rxjs, mingo, zod, RxDB) is most of a CLI command's start-up.
 */
async function bundleGroup(entries: readonly (readonly [string, string])[], outDir: string, selfContained: boolean): Promise<OutputFile[]> {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: entries.map(([out, source]) => ({ in: source, out })),
    outdir: outDir,
    bundle: true,
    // Chunks let a module loaded by `await import()` (the spreadsheet and PDF exporters) stay out of every start.
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    ...(selfContained
      ? // CommonJS packages inside an ES module bundle call require() for Node's own modules: give them one.
        { external: [...KEEP_EXTERNAL], alias: { ...esModuleAliases(), ...SHARED_ALIAS }, banner: { js: "import { createRequire as fidelisCreateRequire } from 'node:module'; const require = fidelisCreateRequire(import.meta.url);" } }
      : { packages: 'external' as const, alias: SHARED_ALIAS }),
    chunkNames: 'chunk-[hash]',
    write: false,
    logLevel: 'warning',
  });
  return result.outputFiles;
}

function writeAtomically(file: { readonly path: string; readonly contents: Uint8Array }): void {
  mkdirSync(dirname(file.path), { recursive: true });
  const temporary = `${file.path}.${process.pid}.tmp`;
  writeFileSync(temporary, file.contents);
  renameSync(temporary, file.path);
}

function removeStaleChunks(outDir: string, current: ReadonlySet<string>): void {
  const cutoff = Date.now() - STALE_CHUNK_MS;
  for (const name of readdirSync(outDir)) {
    if (!name.startsWith('chunk-') || current.has(name)) continue;
    const path = join(outDir, name);
    if (statSync(path).mtimeMs < cutoff) rmSync(path, { force: true });
  }
}

// Quiet when it succeeds: the servers' npm scripts run it before every start.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    await bundleNodePrograms(NODE_PROGRAMS, NODE_OUT);
  } catch (error) {
    // esbuild has already printed its own errors, with their source lines; anything else is printed here.
    if (!(error instanceof Error && 'errors' in error)) process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  }
}
