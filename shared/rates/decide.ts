/** Exchange-rate rules: a rate is positive and exact; replacing a day's rate says why; recording the same rate again changes nothing. */

import type { Decider } from '../decider.js';
import { DomainError } from '../errors.js';
import type { RateCommand } from './commands.js';
import { canonicalRate, parseRate } from './exchangeRate.js';
import type { RateEvent } from './events.js';

export interface RateState {
  /** -1 before the first rate of this currency and day. */
  readonly version: number;
  readonly usdPerUnit: string | undefined;
}

export const initialRateState: RateState = { version: -1, usdPerUnit: undefined };

export function decideRate(command: RateCommand, state: RateState): readonly RateEvent[] | DomainError {
  try {
    parseRate(command.usdPerUnit);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  const usdPerUnit = canonicalRate(command.usdPerUnit);
  if (state.usdPerUnit === usdPerUnit) {
    return new DomainError('NO_CHANGE', `${command.currency} is already ${usdPerUnit} USD per unit on ${command.day}.`, 'usdPerUnit');
  }
  if (state.usdPerUnit !== undefined && command.reason === undefined) {
    return new DomainError('VALIDATION', `${command.currency} already has ${state.usdPerUnit} USD per unit on ${command.day}: say why it changes (--reason).`, 'reason');
  }
  const reason = command.reason === undefined ? {} : { reason: command.reason };
  return [{ type: 'ExchangeRateRecorded', data: { day: command.day, currency: command.currency, usdPerUnit, ...reason } }];
}

export const evolveRate = (state: RateState, event: RateEvent): RateState => ({ version: state.version + 1, usdPerUnit: event.data.usdPerUnit });

export const rateDecider: Decider<RateCommand, RateEvent, RateState> = {
  initialState: initialRateState,
  decide: (command, state) => decideRate(command, state),
  evolve: evolveRate,
};
