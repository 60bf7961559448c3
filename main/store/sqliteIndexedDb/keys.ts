/**
 * IndexedDB keys as bytes that sort with memcmp (SQLite's BLOB order) exactly as IndexedDB orders the keys:
 * number < date < string < binary < array, strings by UTF-16 code unit, arrays element by element, shorter first.
 *
 * Layout: a type tag byte, then the payload. Numbers and dates are 8 bytes of big-endian float64 with the sign bit
 * flipped (all bits for negatives), so byte order is numeric order. Strings and binaries are a sequence of units
 * (UTF-16 code units, or bytes) each written in 1–3 bytes that never start with 0x00, then a 0x00 terminator, so a
 * prefix sorts first. Arrays are their encoded elements, then 0x00 (every tag is above it).
 */

import { idbError } from './errors.js';

export type IdbKey = number | string | Date | ArrayBuffer | IdbKey[];

const TAG_NUMBER = 0x10;
const TAG_DATE = 0x20;
const TAG_STRING = 0x30;
const TAG_BINARY = 0x40;
const TAG_ARRAY = 0x50;
const END = 0x00;

/** Units up to this value take one byte (unit + 1, so 0x00 stays free for the terminator). */
const ONE_BYTE_MAX = 0x7e;
/** Units up to this value take two bytes, offset into 0x8000–0xBFFF. */
const TWO_BYTE_MAX = ONE_BYTE_MAX + 0x4000;
const TWO_BYTE_OFFSET = 0x8000 - (ONE_BYTE_MAX + 1);

let scratch = Buffer.allocUnsafe(1024);
let length = 0;

function reserve(bytes: number): void {
  if (length + bytes <= scratch.length) return;
  const grown = Buffer.allocUnsafe(Math.max(scratch.length * 2, length + bytes));
  scratch.copy(grown, 0, 0, length);
  scratch = grown;
}

function writeUnit(unit: number): void {
  if (unit <= ONE_BYTE_MAX) {
    scratch[length++] = unit + 1;
  } else if (unit <= TWO_BYTE_MAX) {
    const shifted = unit + TWO_BYTE_OFFSET;
    scratch[length++] = shifted >> 8;
    scratch[length++] = shifted & 0xff;
  } else {
    // 0x407F–0xFFFF: shifted left 6 and tagged 0b11 in the top bits, so the first byte is 0xC0 or more.
    const shifted = (unit << 6) | 0xc00000;
    scratch[length++] = shifted >> 16;
    scratch[length++] = (shifted >> 8) & 0xff;
    scratch[length++] = shifted & 0xff;
  }
}

function writeNumber(tag: number, value: number): void {
  reserve(9);
  scratch[length] = tag;
  // -0 and 0 are the same key.
  scratch.writeDoubleBE(value === 0 ? 0 : value, length + 1);
  if (scratch[length + 1]! & 0x80) {
    for (let i = 1; i <= 8; i++) scratch[length + i] = ~scratch[length + i]! & 0xff;
  } else {
    scratch[length + 1] = scratch[length + 1]! | 0x80;
  }
  length += 9;
}

function bytesOf(value: object): Uint8Array | undefined {
  // A detached buffer is not a key (Node 20 may not know `detached`: then it reads as empty).
  if ((value as { detached?: boolean }).detached === true || (ArrayBuffer.isView(value) && (value.buffer as { detached?: boolean }).detached === true)) return undefined;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value) && !(value.buffer instanceof SharedArrayBuffer)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  return undefined;
}

/** Appends the key's encoding; false when the value is not a valid key (nothing useful is left in the buffer then). */
function writeKey(value: unknown, arrays: unknown[]): boolean {
  switch (typeof value) {
    case 'number':
      if (Number.isNaN(value)) return false;
      writeNumber(TAG_NUMBER, value);
      return true;
    case 'string': {
      reserve(2 + value.length * 3);
      scratch[length++] = TAG_STRING;
      for (let i = 0; i < value.length; i++) {
        const unit = value.charCodeAt(i);
        if (unit <= ONE_BYTE_MAX) scratch[length++] = unit + 1;
        else writeUnit(unit);
      }
      scratch[length++] = END;
      return true;
    }
    case 'object': {
      if (value === null) return false;
      if (value instanceof Date) {
        const time = value.getTime();
        if (Number.isNaN(time)) return false;
        writeNumber(TAG_DATE, time);
        return true;
      }
      if (Array.isArray(value)) {
        if (arrays.includes(value)) return false;
        arrays.push(value);
        reserve(1);
        scratch[length++] = TAG_ARRAY;
        for (let i = 0; i < value.length; i++) {
          // A hole is not a key.
          if (!(i in value) || !writeKey(value[i], arrays)) return false;
        }
        reserve(1);
        scratch[length++] = END;
        arrays.pop();
        return true;
      }
      const bytes = bytesOf(value);
      if (!bytes) return false;
      reserve(2 + bytes.length * 2);
      scratch[length++] = TAG_BINARY;
      for (const byte of bytes) writeUnit(byte);
      scratch[length++] = END;
      return true;
    }
    default:
      return false;
  }
}

/** The key's bytes, or undefined when the value is not a valid IndexedDB key. */
export function tryEncodeKey(value: unknown): Buffer | undefined {
  length = 0;
  if (!writeKey(value, [])) return undefined;
  const encoded = Buffer.allocUnsafe(length);
  scratch.copy(encoded, 0, 0, length);
  return encoded;
}

/** The key's bytes; a value that is not a valid key is a DataError, as IndexedDB throws. */
export function encodeKey(value: unknown): Buffer {
  const encoded = tryEncodeKey(value);
  if (!encoded) throw idbError('DataError', 'The value is not a valid key.');
  return encoded;
}

/** Decodes what encodeKey wrote. */
export function decodeKey(bytes: Uint8Array): IdbKey {
  const reader = { bytes, at: 0 };
  return readKey(reader);
}

interface Reader {
  readonly bytes: Uint8Array;
  at: number;
}

function readNumber(reader: Reader): number {
  const raw = Buffer.from(reader.bytes.buffer, reader.bytes.byteOffset + reader.at, 8);
  const copy = Buffer.allocUnsafe(8);
  if (raw[0]! & 0x80) {
    raw.copy(copy);
    copy[0] = copy[0]! & 0x7f;
  } else {
    for (let i = 0; i < 8; i++) copy[i] = ~raw[i]! & 0xff;
  }
  reader.at += 8;
  return copy.readDoubleBE(0);
}

function readUnits(reader: Reader): number[] {
  const units: number[] = [];
  const { bytes } = reader;
  for (;;) {
    const first = bytes[reader.at++]!;
    if (first === END) return units;
    if (first < 0x80) units.push(first - 1);
    else if (first < 0xc0) units.push(((first << 8) | bytes[reader.at++]!) - TWO_BYTE_OFFSET);
    else {
      const packed = (first << 16) | (bytes[reader.at]! << 8) | bytes[reader.at + 1]!;
      reader.at += 2;
      units.push((packed & 0x3fffff) >> 6);
    }
  }
}

const CHUNK = 8192;

function unitsToString(units: number[]): string {
  if (units.length <= CHUNK) return String.fromCharCode(...units);
  let text = '';
  for (let i = 0; i < units.length; i += CHUNK) text += String.fromCharCode(...units.slice(i, i + CHUNK));
  return text;
}

function readKey(reader: Reader): IdbKey {
  const tag = reader.bytes[reader.at++];
  switch (tag) {
    case TAG_NUMBER:
      return readNumber(reader);
    case TAG_DATE:
      return new Date(readNumber(reader));
    case TAG_STRING:
      return unitsToString(readUnits(reader));
    case TAG_BINARY:
      return Uint8Array.from(readUnits(reader)).buffer;
    case TAG_ARRAY: {
      const items: IdbKey[] = [];
      while (reader.bytes[reader.at] !== END) items.push(readKey(reader));
      reader.at++;
      return items;
    }
    default:
      throw new Error(`Corrupt IndexedDB key: unknown tag ${tag} at byte ${reader.at - 1}`);
  }
}

/** Converts a value to a key as IndexedDB does (a copy, -0 made 0); DataError when it is not one. */
export function toKey(value: unknown): IdbKey {
  return decodeKey(encodeKey(value));
}

/** IndexedDB's cmp(): -1, 0 or 1; DataError when either is not a key. */
export function compareKeys(a: unknown, b: unknown): number {
  return Math.sign(Buffer.compare(encodeKey(a), encodeKey(b)));
}
