/** The password rule every new or changed staff password must meet; named so a refusal can say what to fix. */

import { DomainError } from '../errors.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './identity.js';

export function checkPasswordPolicy(password: string, username?: string): void {
  if ([...password].length < PASSWORD_MIN_LENGTH) {
    throw new DomainError('WEAK_PASSWORD', `A password has at least ${PASSWORD_MIN_LENGTH} characters.`, 'password');
  }
  if ([...password].length > PASSWORD_MAX_LENGTH) {
    throw new DomainError('WEAK_PASSWORD', `A password has at most ${PASSWORD_MAX_LENGTH} characters.`, 'password');
  }
  if (username !== undefined && password.trim().toLowerCase() === username.trim().toLowerCase()) {
    throw new DomainError('WEAK_PASSWORD', 'A password cannot be the username.', 'password');
  }
}
