/**
 * A PayFlow webhook as received through the gateway: one stream per webhook id (`payflowmsg-<externalId>`), holding the
 * raw payload once and then what Fidelis did with it. A second delivery of the same id finds the stream and adds nothing.
 */

import { z } from 'zod';
import type { Decider, DomainEvent } from '../decider.js';
import { DomainError } from '../errors.js';

export const PAYFLOW_MESSAGE_CATEGORY = 'payflowmsg';

const externalId = z.string().trim().min(1).max(128);

export const receivePayflowMessageSchema = z.object({
  type: z.literal('ReceivePayflowMessage'),
  externalId,
  messageType: z.string().min(1).max(128),
  receivedAt: z.string().min(1).max(40),
  /** The gateway inbox position it was read at. */
  position: z.number().int().min(1),
  /** The JSON text exactly as PayFlow sent it. */
  payload: z.string().min(2).max(64 * 1024),
});

export const PAYFLOW_OUTCOMES = ['deposited', 'completed', 'failed', 'recorded', 'ignored'] as const;
export type PayflowOutcome = (typeof PAYFLOW_OUTCOMES)[number];

/** What the anti-corruption layer did, with the figures the payments list shows for money that came in. */
export const payflowMessageAppliedSchema = z.object({
  externalId: z.string().min(1),
  outcome: z.enum(PAYFLOW_OUTCOMES),
  reason: z.string().optional(),
  payflowId: z.string().optional(),
  direction: z.enum(['inbound', 'outbound']).optional(),
  paymentId: z.string().optional(),
  accountId: z.string().optional(),
  accountNumber: z.string().optional(),
  /** Minor units. */
  amount: z.string().optional(),
  currency: z.string().optional(),
});

export const recordPayflowMessageOutcomeSchema = payflowMessageAppliedSchema.extend({ type: z.literal('RecordPayflowMessageOutcome') });

export const payflowMessageCommandSchema = z.discriminatedUnion('type', [receivePayflowMessageSchema, recordPayflowMessageOutcomeSchema]);
export type PayflowMessageCommand = z.infer<typeof payflowMessageCommandSchema>;

export const payflowMessageReceivedSchema = z.object({
  externalId: z.string().min(1),
  messageType: z.string().min(1),
  receivedAt: z.string(),
  position: z.number().int(),
  payload: z.string(),
});

export type PayflowMessageReceived = DomainEvent<'PayflowMessageReceived', z.infer<typeof payflowMessageReceivedSchema>>;
export type PayflowMessageApplied = DomainEvent<'PayflowMessageApplied', z.infer<typeof payflowMessageAppliedSchema>>;
export type PayflowMessageEvent = PayflowMessageReceived | PayflowMessageApplied;

export const payflowMessageEventSchemas = {
  PayflowMessageReceived: { version: 1, schema: payflowMessageReceivedSchema },
  PayflowMessageApplied: { version: 1, schema: payflowMessageAppliedSchema },
} as const satisfies Record<PayflowMessageEvent['type'], { version: number; schema: z.ZodType }>;

export interface PayflowMessageState {
  readonly stage: 'NONE' | 'RECEIVED' | 'APPLIED';
  readonly externalId: string;
  readonly outcome: PayflowOutcome | undefined;
  readonly version: number;
}

const initialPayflowMessageState: PayflowMessageState = { stage: 'NONE', externalId: '', outcome: undefined, version: -1 };

export const payflowMessageDecider: Decider<PayflowMessageCommand, PayflowMessageEvent, PayflowMessageState> = {
  initialState: initialPayflowMessageState,
  decide(command, state) {
    if (command.type === 'ReceivePayflowMessage') {
      if (state.stage !== 'NONE') return new DomainError('VALIDATION', `PayFlow message ${command.externalId} was already received.`, 'externalId');
      const { type: _type, ...data } = command;
      return [{ type: 'PayflowMessageReceived', data }];
    }
    if (state.stage === 'NONE') return new DomainError('NOT_FOUND', `No PayFlow message ${command.externalId}.`, 'externalId');
    if (state.stage === 'APPLIED') return new DomainError('VALIDATION', `PayFlow message ${command.externalId} was already applied.`, 'externalId');
    const { type: _type, ...data } = command;
    const applied = Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined)) as typeof data;
    return [{ type: 'PayflowMessageApplied', data: applied }];
  },
  evolve(state, event) {
    if (event.type === 'PayflowMessageReceived') return { ...state, stage: 'RECEIVED', externalId: event.data.externalId, version: state.version + 1 };
    return { ...state, stage: 'APPLIED', outcome: event.data.outcome, version: state.version + 1 };
  },
};
