/**
 * The compliance handler: large deposits and withdrawals per account, and structuring per customer across all their
 * accounts (shared/compliance/structuring.ts), in USD at the day's recorded rate, on the branch's business days.
 * It remembers, in its own slot, each account (number, holder, owners), each customer's name and structuring state,
 * and the rates recorded so far — in event order, so a rebuild decides exactly as the live run did. A foreign-currency
 * deposit with no rate recorded before it is left out of structuring (and logged): the rule never guesses a rate.
 * A reviewer's acknowledgement is an event too (AlertAcknowledged, shared/compliance/acknowledgement.ts), folded into
 * the alert here: the alerts slot holds nothing the events do not determine, so rebuilt from them it is the same.
 */

import { ALERT_CATEGORY } from '@fidelis/shared/compliance/acknowledgement.js';
import { assessStructuring, describeWindow, initialStructuringState, seriesTotal, type CashDeposit, type StructuringRules, type StructuringSeries, type StructuringState } from '@fidelis/shared/compliance/structuring.js';
import { derivedCustomerIdOf } from '@fidelis/shared/customers/index.js';
import { postingDayOf } from '@fidelis/shared/ledger/postingDay.js';
import { cashDirectionOf } from '@fidelis/shared/ledger/cash.js';
import { largeMovementAlert, type AlertAccount, type AlertDraft, type LargeMovementRules } from '@fidelis/shared/ledger/readModels/compliance.js';
import { minorOf, optionalText, text, type LedgerEvent } from '@fidelis/shared/ledger/readModels/ledgerEvent.js';
import { formatMoney } from '@fidelis/shared/money/display.js';
import { centsRoundedUp, parseRate, toUsd } from '@fidelis/shared/rates/exchangeRate.js';
import type { EventEnvelope } from '@fidelis/shared/events/envelope.js';
import type { Logger } from '../log.js';
import type { HandlerDefinition } from '../handlers/handler.js';
import type { ProjectionView, ReadModelStore } from '../projections/readModelStore.js';

export const ALERTS_SLOT = 'alerts';

/** The handler's subscription name: `acknowledge` waits for it to reach the acknowledgement. */
export const COMPLIANCE_ALERTS_HANDLER = 'compliance-alerts';

export type AlertStatus = 'OPEN' | 'ACKNOWLEDGED';

export interface AlertRecord extends AlertDraft {
  readonly status: AlertStatus;
  readonly seq: number;
  readonly acknowledgedBy?: string;
  readonly acknowledgedAt?: string;
  readonly note?: string;
  /** The AlertAcknowledged event folded in; absent on an acknowledgement from before they were events (main/compliance/alerts.ts moves those). */
  readonly acknowledgedEventId?: string;
}

/** An acknowledgement as it applies to an alert. */
export interface AlertAcknowledgement {
  readonly eventId: string;
  readonly by: string;
  readonly at: string;
  /** How many transactions the alert covered as the reviewer saw it. */
  readonly transactions: number;
  readonly note?: string;
}

/** Who and when are the envelope's, unless the event moved an acknowledgement made before they were events. */
export function acknowledgementOf(event: Pick<EventEnvelope, 'id' | 'occurredAt' | 'meta'> & { readonly data: Record<string, unknown> }): AlertAcknowledgement {
  const note = optionalText(event.data, 'note');
  return {
    eventId: event.id,
    by: optionalText(event.data, 'acknowledgedBy') ?? event.meta.actor,
    at: optionalText(event.data, 'acknowledgedAt') ?? event.occurredAt,
    transactions: typeof event.data.transactions === 'number' ? event.data.transactions : 0,
    ...(note ? { note } : {}),
  };
}

/**
 * The alert with an acknowledgement folded in. It applies to the alert as the reviewer saw it: once the structuring
 * series grew past the transactions acknowledged, the alert stays open (as a growth after the acknowledgement reopens it).
 */
export function withAcknowledgement(alert: AlertRecord, acknowledgement: AlertAcknowledgement): AlertRecord {
  if ((alert.eventIds ?? []).length > acknowledgement.transactions) return alert;
  const { note: _note, ...rest } = alert;
  const { eventId, by, at, note } = acknowledgement;
  return { ...rest, status: 'ACKNOWLEDGED', acknowledgedBy: by, acknowledgedAt: at, acknowledgedEventId: eventId, ...(note ? { note } : {}) };
}

export interface ComplianceRules extends LargeMovementRules {
  readonly structuring: StructuringRules;
  /** The branch's IANA time zone: business days and rates are the branch's. */
  readonly timeZone: string;
}

interface CustomerMemory {
  readonly name: string | undefined;
  readonly structuring: StructuringState;
}

const KEYS = {
  account: (accountId: string) => `account:${accountId}`,
  customer: (customerId: string) => `customer:${customerId}`,
  rate: (currency: string, day: string) => `rate:${currency}|${day}`,
};

export const COMPLIANCE_EVENT_TYPES = ['AccountOpened', 'DepositMade', 'WithdrawalMade', 'CustomerRegistered', 'CustomerDetailsChanged', 'ExchangeRateRecorded', 'AlertAcknowledged'] as const;

export function complianceAlertsHandler(readModels: ReadModelStore, rules: ComplianceRules, logger: Logger): HandlerDefinition {
  /** The customer's name as an alert shows it: the registered legal name, or the holder of the account they came from. */
  const nameOf = async (memory: ProjectionView, customerId: string, account: AlertAccount) =>
    (await memory.get<CustomerMemory>(KEYS.customer(customerId)))?.name ?? (customerId === account.owners[0] ? account.holder : customerId);

  async function raise(alert: AlertDraft, seq: number): Promise<void> {
    const record: AlertRecord = { ...alert, status: 'OPEN', seq };
    if (await readModels.insertOnce(ALERTS_SLOT, alert.id, { ...record }, seq)) {
      logger.warn({ alert: alert.id, kind: alert.kind, accountNumber: alert.accountNumber, customerId: alert.customerId }, 'compliance alert raised');
    }
  }

  /** A series that grew keeps its alert and reopens it: the reviewer sees the new deposits. */
  async function raiseOrGrow(alert: AlertDraft, seq: number): Promise<void> {
    const existing = await readModels.get<AlertRecord>(ALERTS_SLOT, alert.id);
    if (!existing) return raise(alert, seq);
    if (existing.eventIds.length >= alert.eventIds.length) return;
    const { acknowledgedBy: _by, acknowledgedAt: _at, note: _note, acknowledgedEventId: _event, ...kept } = existing;
    await readModels.put(ALERTS_SLOT, alert.id, { ...kept, ...alert, status: 'OPEN', seq }, seq);
    logger.warn({ alert: alert.id, deposits: alert.eventIds.length }, 'structuring alert grew');
  }

  async function structuringAlert(memory: ProjectionView, series: StructuringSeries, customer: string): Promise<AlertDraft> {
    const transactions = [];
    for (const d of series.deposits) {
      const account = (await memory.get<AlertAccount>(KEYS.account(d.accountId)))!;
      transactions.push({ eventId: d.eventId, accountId: d.accountId, accountNumber: account.number, holder: account.holder, amount: d.amount, currency: d.currency, occurredAt: d.occurredAt });
    }
    const last = transactions.at(-1)!;
    const total = centsRoundedUp(seriesTotal(series));
    const accounts = [...new Set(transactions.map((t) => t.accountNumber))];
    return {
      id: series.alertId,
      kind: 'STRUCTURING',
      accountId: last.accountId,
      accountNumber: last.accountNumber,
      holder: last.holder,
      customerId: series.customerId,
      customer,
      eventIds: series.deposits.map((d) => d.eventId),
      transactions,
      amount: total.toString(),
      currency: 'USD',
      raisedAt: last.occurredAt,
      message: `${series.deposits.length} cash deposits just under ${formatMoney(centsRoundedUp(rules.structuring.threshold), 'USD')} within ${describeWindow(series.window)} by ${customer}, ${formatMoney(total, 'USD')} in all, on account${accounts.length > 1 ? 's' : ''} ${accounts.join(', ')}`,
    };
  }

  /** The cash deposit as the structuring rule sees it, or undefined (not cash in, or no rate for its day). */
  async function cashDepositOf(memory: ProjectionView, event: LedgerEvent, account: AlertAccount): Promise<CashDeposit | undefined> {
    if (cashDirectionOf(event) !== 'IN' || (event.type !== 'DepositMade' && event.type !== 'AccountOpened')) return undefined;
    const amount = event.type === 'AccountOpened' ? minorOf(event.data, 'openingDeposit') : minorOf(event.data);
    const currency = optionalText(event.data, 'currency') ?? account.currency;
    const businessDay = postingDayOf(event, rules.timeZone);
    let usd;
    if (currency === 'USD') usd = toUsd(amount, currency, undefined);
    else {
      const rate = await memory.get<{ usdPerUnit: string }>(KEYS.rate(currency, businessDay));
      if (!rate) {
        logger.warn({ eventId: event.id, currency, businessDay }, 'no rate recorded for a foreign cash deposit: left out of structuring');
        return undefined;
      }
      usd = toUsd(amount, currency, parseRate(rate.usdPerUnit));
    }
    return { eventId: event.id, accountId: account.accountId, amount: amount.toString(), currency, usd: { numerator: usd.numerator.toString(), scale: usd.scale }, occurredAt: event.occurredAt, businessDay };
  }

  /** The record keeps the seq it was raised (or grew) at: the alerts list stays in that order. */
  async function acknowledge(event: LedgerEvent): Promise<void> {
    const alertId = text(event.data, 'alertId');
    const existing = await readModels.get<AlertRecord>(ALERTS_SLOT, alertId);
    // Acknowledged alerts were found in this slot first, so in event order the alert is raised before: never expected.
    if (!existing) return logger.warn({ alert: alertId, eventId: event.id }, 'acknowledgement of an alert this handler has not raised: ignored');
    const acknowledged = withAcknowledgement(existing, acknowledgementOf(event));
    if (acknowledged !== existing) await readModels.put(ALERTS_SLOT, alertId, { ...acknowledged }, existing.seq);
  }

  return {
    name: COMPLIANCE_ALERTS_HANDLER,
    categories: ['account', 'customer', 'rate', ALERT_CATEGORY],
    eventTypes: [...COMPLIANCE_EVENT_TYPES],
    async handle(event, context) {
      const memory = context.memory;
      switch (event.type) {
        case 'AlertAcknowledged':
          return acknowledge(event);
        case 'ExchangeRateRecorded':
          await memory.update(KEYS.rate(text(event.data, 'currency'), text(event.data, 'day')), () => ({ usdPerUnit: text(event.data, 'usdPerUnit') }));
          return;
        case 'CustomerRegistered':
          await memory.update<CustomerMemory>(KEYS.customer(text(event.data, 'customerId')), (current) => ({ structuring: initialStructuringState, ...current, name: text(event.data, 'legalName') }));
          return;
        case 'CustomerDetailsChanged': {
          const legalName = optionalText((event.data.changes ?? {}) as Record<string, unknown>, 'legalName');
          if (legalName) await memory.update<CustomerMemory>(KEYS.customer(text(event.data, 'customerId')), (current) => ({ structuring: initialStructuringState, ...current, name: legalName }));
          return;
        }
        case 'AccountOpened': {
          const accountId = text(event.data, 'accountId');
          const owners = Array.isArray(event.data.owners) ? (event.data.owners as string[]) : [derivedCustomerIdOf(accountId)];
          await memory.update<AlertAccount>(KEYS.account(accountId), () => ({ accountId, number: text(event.data, 'number'), holder: text(event.data, 'holder'), currency: text(event.data, 'currency'), owners }));
          break;
        }
      }
      const account = await memory.get<AlertAccount>(KEYS.account(text(event.data, 'accountId')));
      if (!account) return;
      const large = largeMovementAlert(account, await nameOf(memory, account.owners[0] ?? '', account), event, rules);
      if (large) await raise(large, event.seq);
      const deposit = await cashDepositOf(memory, event, account);
      if (!deposit) return;
      // A joint account's cash counts for each owner.
      for (const customerId of account.owners) {
        let series: StructuringSeries | undefined;
        await memory.update<CustomerMemory>(KEYS.customer(customerId), (current) => {
          const assessed = assessStructuring(current?.structuring ?? initialStructuringState, customerId, deposit, rules.structuring);
          series = assessed.series;
          return { name: current?.name, structuring: assessed.state };
        });
        if (series) await raiseOrGrow(await structuringAlert(memory, series, await nameOf(memory, customerId, account)), event.seq);
      }
    },
  };
}
