/** `fidelis account holder-details ID …`: the holder's address, date of birth and identification, for regulatory reports. */

import type { CliCommand } from '../cli/cliCommand.js';

const str = (value: string | boolean | undefined): string | undefined => (typeof value === 'string' ? value : undefined);

export const holderDetailsCommands: CliCommand[] = [
  {
    words: ['account', 'holder-details'],
    args: ['ID'],
    options: {
      street: { type: 'string', value: 'TEXT', help: 'Street address.' },
      city: { type: 'string', value: 'TEXT', help: 'City.' },
      state: { type: 'string', value: 'CODE', help: 'State or province code (IL).' },
      zip: { type: 'string', value: 'CODE', help: 'ZIP or postal code.' },
      country: { type: 'string', value: 'CODE', help: 'ISO 3166 two-letter country (US by default).' },
      dob: { type: 'string', value: 'YYYY-MM-DD', help: 'Date of birth.' },
      'id-type': { type: 'string', value: 'TYPE', help: 'SSN, EIN, TIN, DRIVERS_LICENSE, PASSPORT, ALIEN_REGISTRATION, FOREIGN or OTHER.' },
      'id-number': { type: 'string', value: 'TEXT', help: 'The identification number.' },
      'id-issuer': { type: 'string', value: 'CODE', help: 'Who issued it: a state (licence) or a country (passport).' },
    },
    required: ['street', 'city'],
    idempotent: true,
    access: 'post',
    summary: "Record the holder's address, date of birth and identification, as regulatory reports (the CTR) need them.",
    async run(context) {
      const o = context.options;
      const outcome = await context.host.execute(
        {
          type: 'RecordHolderDetails',
          accountId: context.args[0],
          street: str(o.street),
          city: str(o.city),
          state: str(o.state),
          zip: str(o.zip),
          country: str(o.country),
          dateOfBirth: str(o.dob),
          idType: str(o['id-type']),
          idNumber: str(o['id-number']),
          idIssuer: str(o['id-issuer']),
        },
        { commandId: str(o['command-id']) },
      );
      return { accountId: outcome.aggregateId, version: outcome.version, ...(outcome.duplicate ? { duplicate: true } : {}) };
    },
    text: (r: { accountId: string; version: number }) => `holder details recorded on account ${r.accountId} (version ${r.version})`,
  },
];
