/** `fidelis account holder-details ID …`: the holder's address, date of birth and identification, for regulatory reports. */

import type { CliCommand } from '../cli/cliCommand.js';

const str = (value: string | boolean | undefined): string | undefined => (typeof value === 'string' ? value : undefined);

export const holderDetailsCommands: CliCommand[] = [
  {
    words: ['account', 'holder-details'],
    args: ['ID'],
    options: {
      street: { type: 'string' },
      city: { type: 'string' },
      state: { type: 'string' },
      zip: { type: 'string' },
      country: { type: 'string' },
      dob: { type: 'string' },
      'id-type': { type: 'string' },
      'id-number': { type: 'string' },
      'id-issuer': { type: 'string' },
      'command-id': { type: 'string' },
      actor: { type: 'string' },
    },
    required: ['street', 'city'],
    summary: 'Record the holder\'s address, date of birth (--dob YYYY-MM-DD) and identification (--id-type SSN|EIN|TIN|DRIVERS_LICENSE|PASSPORT|ALIEN_REGISTRATION|FOREIGN|OTHER --id-number N).',
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
        { commandId: str(o['command-id']), actor: str(o.actor) },
      );
      return { accountId: outcome.aggregateId, version: outcome.version, ...(outcome.duplicate ? { duplicate: true } : {}) };
    },
    text: (r: { accountId: string; version: number }) => `holder details recorded on account ${r.accountId} (version ${r.version})`,
  },
];
