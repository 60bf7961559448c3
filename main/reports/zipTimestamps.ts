/**
 * Gives every entry of a zip file (an XLSX) one fixed modification time, in place: exceljs's zip writer stamps some
 * entries with the clock, and the same report must give the same bytes. Only the central directory is read.
 */

import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;

/** MS-DOS time and date words (2-second resolution) of a UTC instant. */
function dosDateTime(date: Date): Buffer {
  const stamp = Buffer.alloc(4);
  stamp.writeUInt16LE((date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | Math.floor(date.getUTCSeconds() / 2), 0);
  stamp.writeUInt16LE(((date.getUTCFullYear() - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate(), 2);
  return stamp;
}

export function stampZipEntries(path: string, date: Date): void {
  const fd = openSync(path, 'r+');
  try {
    const size = fstatSync(fd).size;
    // The end-of-central-directory record is in the last 22 bytes plus a comment of at most 64 KiB.
    const tailLength = Math.min(size, 22 + 65_535);
    const tail = Buffer.alloc(tailLength);
    readSync(fd, tail, 0, tailLength, size - tailLength);
    let eocd = -1;
    for (let i = tailLength - 22; i >= 0; i -= 1) {
      if (tail.readUInt32LE(i) === EOCD_SIGNATURE) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw new Error(`${path} is not a zip file`);
    const entries = tail.readUInt16LE(eocd + 10);
    const directorySize = tail.readUInt32LE(eocd + 12);
    const directoryOffset = tail.readUInt32LE(eocd + 16);
    const directory = Buffer.alloc(directorySize);
    readSync(fd, directory, 0, directorySize, directoryOffset);
    const stamp = dosDateTime(date);
    let at = 0;
    for (let n = 0; n < entries; n += 1) {
      if (directory.readUInt32LE(at) !== CENTRAL_SIGNATURE) throw new Error(`${path}: unexpected central directory layout`);
      stamp.copy(directory, at + 12);
      const localOffset = directory.readUInt32LE(at + 42);
      writeSync(fd, stamp, 0, 4, localOffset + 10);
      at += 46 + directory.readUInt16LE(at + 28) + directory.readUInt16LE(at + 30) + directory.readUInt16LE(at + 32);
    }
    writeSync(fd, directory, 0, directorySize, directoryOffset);
  } finally {
    closeSync(fd);
  }
}
