/** The customers area's API handlers: register and change customers, find them, and see an account's owners. */

import type { customersMethods, CustomerViewDto } from '@fidelis/shared/customers/api.js';
import { DomainError } from '@fidelis/shared/errors.js';
import type { AreaHandlers } from '../api/handlers.js';
import type { AccountResolver } from '../accounts/accountResolver.js';
import type { CommandOutcome } from '../ledger/commandPipeline.js';
import type { CommandService } from '../ledger/commandService.js';
import type { ReadModels } from '../projections/readModels.js';
import type { CustomerLookup, CustomerRecord } from './customerLookup.js';

export interface CustomersApiDeps {
  readonly customers: CustomerLookup;
  readonly accounts: AccountResolver;
  readonly readModels: Pick<ReadModels, 'accountSummaries'>;
  readonly commands: Pick<CommandService, 'executeAs'>;
}

/** Staff see a TIN's last four characters: enough to confirm it with the customer, not enough to copy it. */
export const maskTin = (tin: string): string => `${'•'.repeat(Math.max(0, tin.length - 4))}${tin.slice(-4)}`;

export function customerViewOf({ tin, ...record }: CustomerRecord): CustomerViewDto {
  return { ...record, ...(tin === undefined ? {} : { tinMasked: maskTin(tin) }) };
}

const answerOf = (outcome: CommandOutcome) => ({ customerId: outcome.aggregateId, version: outcome.version, duplicate: outcome.duplicate });
const metaOf = (commandId: string | undefined) => (commandId === undefined ? {} : { commandId });

export function createCustomersApi({ customers, accounts, readModels, commands }: CustomersApiDeps): AreaHandlers<typeof customersMethods> {
  async function requireCustomer(customerId: string): Promise<CustomerRecord> {
    const customer = await customers.customer(customerId);
    if (!customer) throw new DomainError('CUSTOMER_NOT_FOUND', `No customer ${customerId}.`, 'customerId');
    return customer;
  }

  return {
    'customers.register': async ({ commandId, ...input }, { principal }) => answerOf(await commands.executeAs(principal, { type: 'RegisterCustomer', ...input }, metaOf(commandId))),
    'customers.update': async ({ commandId, ...input }, { principal }) => answerOf(await commands.executeAs(principal, { type: 'ChangeCustomerDetails', ...input }, metaOf(commandId))),
    async 'customers.get'({ customerId }) {
      const customer = await requireCustomer(customerId);
      const owned = await customers.accountsOf(customerId);
      const summaries = await Promise.all(owned.map((accountId) => readModels.accountSummaries.get(accountId)));
      const owners = await Promise.all(owned.map((accountId) => customers.ownersOf(accountId)));
      return {
        customer: customerViewOf(customer),
        accounts: summaries.flatMap((summary, i) =>
          summary ? [{ accountId: summary.accountId, number: summary.number, currency: summary.currency, status: summary.status, primary: owners[i]![0]?.customerId === customerId }] : [],
        ),
      };
    },
    async 'customers.search'({ search, offset, limit }) {
      const { total, items } = await customers.search(search, { offset, limit });
      return { total, items: items.map(customerViewOf) };
    },
    async 'customers.owners'({ account }) {
      const accountId = await accounts.resolve(account, 'account');
      const summary = await readModels.accountSummaries.get(accountId);
      return { accountId, number: summary?.number ?? '', owners: (await customers.ownersOf(accountId)).map(customerViewOf) };
    },
  };
}
