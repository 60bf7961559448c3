/** The rates area's API handlers: a supervisor records a day's rate (as themselves); anyone who may read lists them. */

import { DomainError } from '@fidelis/shared/errors.js';
import type { ratesMethods } from '@fidelis/shared/rates/api.js';
import type { AreaHandlers } from '../api/handlers.js';
import type { CommandService } from '../ledger/commandService.js';
import type { Rates } from './rates.js';

export interface RatesApiDeps {
  readonly rates: Rates;
  readonly commands: Pick<CommandService, 'executeAs'>;
}

export function createRatesApi({ rates, commands }: RatesApiDeps): AreaHandlers<typeof ratesMethods> {
  return {
    'rates.record': async ({ commandId, ...input }, { principal }) => {
      await commands.executeAs(principal, { type: 'RecordExchangeRate', ...input }, commandId === undefined ? {} : { commandId });
      const row = await rates.get(input.day, input.currency);
      if (!row) throw new DomainError('NOT_FOUND', `The ${input.currency} rate of ${input.day} was recorded but cannot be read back yet.`, 'currency');
      return row;
    },
    'rates.list': async (query) => ({ rates: await rates.list(query) }),
  };
}
