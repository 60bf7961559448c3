// Password hashing: scrypt with a random salt, its parameters encoded beside the hash, a malformed hash never matches.

import { describe, expect, it } from 'vitest';
import { decodePasswordHash, hashPassword, verifyPassword } from '../../../main/staff/passwordHash.js';
import { checkPasswordPolicy } from '@fidelis/shared/staff/passwordPolicy.js';

describe('password hashing', () => {
  it('encodes algorithm, cost, block size, parallelism, salt and key, and verifies only the right password', async () => {
    const hash = await hashPassword('correct horse battery', 4);
    expect(hash).toMatch(/^scrypt\$4\$8\$1\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*$/);
    expect(decodePasswordHash(hash)).toMatchObject({ log2Cost: 4, blockSize: 8, parallelism: 1 });
    expect(decodePasswordHash(hash)!.salt).toHaveLength(16);
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batterY', hash)).toBe(false);
  });

  it('salts every hash: the same password twice gives two hashes', async () => {
    expect(await hashPassword('correct horse battery', 4)).not.toBe(await hashPassword('correct horse battery', 4));
  });

  it('verifies a hash made at another cost with that cost (settings may change; old hashes keep working)', async () => {
    const cheap = await hashPassword('correct horse battery', 5);
    expect(await verifyPassword('correct horse battery', cheap)).toBe(true);
  });

  it('hashes at the default cost of N = 2^15 within Node memory limits', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash.startsWith('scrypt$15$8$1$')).toBe(true);
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
  });

  it('never matches a malformed or absurd hash', async () => {
    for (const bad of ['', 'plain', 'scrypt$4$8$1$$', 'bcrypt$4$8$1$c2FsdA==$a2V5', 'scrypt$40$8$1$c2FsdA==$a2V5', 'scrypt$x$8$1$c2FsdA==$a2V5']) {
      expect(await verifyPassword('anything at all', bad), bad).toBe(false);
    }
  });

  it('asks for at least 10 characters, and not the username', () => {
    expect(() => checkPasswordPolicy('123456789')).toThrow(expect.objectContaining({ code: 'WEAK_PASSWORD', field: 'password' }));
    expect(() => checkPasswordPolicy('1234567890')).not.toThrow();
    expect(() => checkPasswordPolicy('Supervisor', 'supervisor')).toThrow(expect.objectContaining({ code: 'WEAK_PASSWORD' }));
  });
});
