/**
 * The backup file: gzip of a header line, the manifest (one JSON line: ledger head hash, counts, formats, each file's
 * size and SHA-256), the files' bytes in manifest order, and a trailer with the SHA-256 of everything before it.
 * Written under a temporary name and renamed when whole; read back into a folder with every checksum checked.
 */

import { createHash } from 'node:crypto';
import { closeSync, createReadStream, createWriteStream, fsyncSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { pipeline as pipe, Readable } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import { z } from 'zod';
import { DomainError } from '@fidelis/shared/errors.js';

const MAGIC = 'FIDELIS-BACKUP 1';
const TRAILER = 'SHA256 ';

const fileEntry = z.object({
  // A bare file name: a backup never writes outside the folder it is restored into.
  name: z.string().regex(/^[A-Za-z0-9_.-][A-Za-z0-9_. -]*$/).refine((name) => name !== '.' && name !== '..'),
  bytes: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

export const backupManifestSchema = z.object({
  kind: z.literal('fidelis-backup'),
  version: z.literal(1),
  createdAt: z.string(),
  /** The data dir's format (format.json) and the IndexedDB engine that wrote its SQLite files. */
  dataFormat: z.number().int().min(1),
  engine: z.enum(['shim', 'sqlite']),
  branchId: z.string(),
  deviceId: z.string(),
  /** The ledger as the backup holds it, verified when the backup was made. */
  ledger: z.object({
    headSeq: z.number().int().min(0),
    commits: z.number().int().min(0),
    events: z.number().int().min(0),
    streams: z.number().int().min(0),
    ledgerHeadHash: z.string(),
    intact: z.boolean(),
  }),
  /** How the SQLite files are encrypted (the data dir's key record: cipher, key id, where the key is kept); absent when plain. */
  encryption: z
    .object({
      cipher: z.string(),
      keyId: z.string().regex(/^[0-9a-f]{16}$/),
      source: z.enum(['keychain', 'key-file', 'hex', 'passphrase']),
      keyFile: z.string().optional(),
      salt: z.string().regex(/^[0-9a-f]+$/).optional(),
    })
    .optional(),
  files: z.array(fileEntry),
});

export type BackupManifest = z.infer<typeof backupManifestSchema>;
export type BackupFileEntry = z.infer<typeof fileEntry>;

const invalid = (file: string, why: string) => new DomainError('BACKUP_INVALID', `${file} is not a usable Fidelis backup: ${why}. Nothing was restored.`, 'file');

async function fileEntryOf(dir: string, name: string): Promise<BackupFileEntry> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(join(dir, name))) hash.update(chunk as Buffer);
  return { name, bytes: statSync(join(dir, name)).size, sha256: hash.digest('hex') };
}

/** Writes the archive of `names` (files of `dir`) to `out`; returns the manifest written. */
export async function writeBackupArchive(out: string, manifest: Omit<BackupManifest, 'files'>, dir: string, names: readonly string[]): Promise<BackupManifest> {
  const files: BackupFileEntry[] = [];
  for (const name of names) files.push(await fileEntryOf(dir, name));
  const whole: BackupManifest = backupManifestSchema.parse({ ...manifest, files });
  const digest = createHash('sha256');
  async function* content(): AsyncGenerator<Buffer> {
    const head = Buffer.from(`${MAGIC}\n${JSON.stringify(whole)}\n`);
    digest.update(head);
    yield head;
    for (const entry of files) {
      for await (const chunk of createReadStream(join(dir, entry.name))) {
        digest.update(chunk as Buffer);
        yield chunk as Buffer;
      }
    }
    yield Buffer.from(`\n${TRAILER}${digest.digest('hex')}\n`);
  }
  const partial = `${out}.partial`;
  try {
    await pipeline(Readable.from(content()), createGzip(), createWriteStream(partial));
    // Durable before it takes the final name: a backup that exists under its name is whole.
    const fd = openSync(partial, 'r');
    fsyncSync(fd);
    closeSync(fd);
    renameSync(partial, out);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
  return whole;
}

/** The archive's bytes, unzipped; a missing file or broken gzip data fails the reads, never the process. */
const unzipped = (file: string) => pipe(createReadStream(file), createGunzip(), () => undefined);

/** Bytes of a stream taken a line or a count at a time. */
function byteReader(source: AsyncIterable<Buffer>) {
  const iterator = source[Symbol.asyncIterator]();
  let buffered: Buffer = Buffer.alloc(0);
  const more = async (): Promise<boolean> => {
    const next = await iterator.next();
    if (next.done) return false;
    buffered = buffered.length === 0 ? next.value : Buffer.concat([buffered, next.value]);
    return true;
  };
  return {
    async line(max: number): Promise<string | undefined> {
      for (;;) {
        const end = buffered.indexOf(0x0a);
        if (end >= 0) {
          const text = buffered.subarray(0, end).toString('utf8');
          buffered = buffered.subarray(end + 1);
          return text;
        }
        if (buffered.length > max || !(await more())) return undefined;
      }
    },
    /** Exactly `count` bytes, chunk by chunk; false when the stream ends first. */
    async take(count: number, sink: (chunk: Buffer) => void): Promise<boolean> {
      let left = count;
      while (left > 0) {
        if (buffered.length === 0 && !(await more())) return false;
        const chunk = buffered.subarray(0, Math.min(left, buffered.length));
        buffered = buffered.subarray(chunk.length);
        left -= chunk.length;
        sink(chunk);
      }
      return true;
    },
    async atEnd(): Promise<boolean> {
      return buffered.length === 0 && !(await more());
    },
  };
}

/** Reads only the manifest (the first lines): what `doctor` and a restore check before writing anything. */
export async function readBackupManifest(file: string): Promise<BackupManifest> {
  const stream = unzipped(file);
  try {
    return (await manifestFrom(file, byteReader(stream))).manifest;
  } catch (error) {
    throw error instanceof DomainError ? error : invalid(file, `it cannot be read (${(error as Error).message})`);
  } finally {
    stream.destroy();
  }
}

async function manifestFrom(file: string, reader: ReturnType<typeof byteReader>): Promise<{ manifest: BackupManifest; line: string }> {
  if ((await reader.line(64)) !== MAGIC) throw invalid(file, 'it does not start as one');
  const line = await reader.line(16 * 1024 * 1024);
  if (line === undefined) throw invalid(file, 'its manifest is cut short');
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    throw invalid(file, 'its manifest is not readable JSON');
  }
  const manifest = backupManifestSchema.safeParse(parsed);
  if (!manifest.success) throw invalid(file, `its manifest is not one this Fidelis reads (${manifest.error.issues[0]?.message ?? 'unknown'})`);
  return { manifest: manifest.data, line };
}

/** Unpacks the archive into `targetDir` (which must exist), checking each file's SHA-256 and the trailer's. */
export async function readBackupArchive(file: string, targetDir: string): Promise<BackupManifest> {
  const stream = unzipped(file);
  try {
    const reader = byteReader(stream);
    const digest = createHash('sha256');
    const { manifest, line } = await manifestFrom(file, reader);
    // The trailer's digest covers the header and the manifest's line byte for byte, as they were read.
    digest.update(`${MAGIC}\n${line}\n`);
    for (const entry of manifest.files) {
      const hash = createHash('sha256');
      const out = openSync(join(targetDir, entry.name), 'wx');
      let whole: boolean;
      try {
        whole = await reader.take(entry.bytes, (chunk) => {
          hash.update(chunk);
          digest.update(chunk);
          writeAll(out, chunk);
        });
        fsyncSync(out);
      } finally {
        closeSync(out);
      }
      if (!whole) throw invalid(file, `${entry.name} is cut short`);
      if (hash.digest('hex') !== entry.sha256) throw invalid(file, `${entry.name} does not match its checksum`);
    }
    if ((await reader.line(0)) !== '') throw invalid(file, 'the files are not followed by the trailer');
    const trailer = await reader.line(200);
    if (trailer !== `${TRAILER}${digest.digest('hex')}`) throw invalid(file, 'its trailer checksum does not match');
    if (!(await reader.atEnd())) throw invalid(file, 'something follows the trailer');
    return manifest;
  } catch (error) {
    throw error instanceof DomainError ? error : invalid(file, `it cannot be read (${(error as Error).message})`);
  } finally {
    stream.destroy();
  }
}

function writeAll(fd: number, chunk: Buffer): void {
  for (let written = 0; written < chunk.length; ) written += writeSync(fd, chunk, written, chunk.length - written);
}
