/**
 * The gateway's checks of teller cash, whichever workstation decided it offline: a till belongs to the workstation
 * that opened it and alternates open and closed; a vault never gives more than it holds; a business day closes once,
 * in order, and only when the branch's tills (as pushed so far) are closed and its vaults counted that day.
 */

import type { DomainEvent } from '@fidelis/shared/decider.js';
import { categoryOf, type EventEnvelope } from '@fidelis/shared/events/envelope.js';
import type { SyncReason } from '@fidelis/shared/sync/protocol.js';
import {
  BRANCH_DAY_CATEGORY,
  branchDayDecider,
  dayCloseBlockers,
  TILL_CATEGORY,
  tillDecider,
  VAULT_CATEGORY,
  vaultDecider,
  type BranchDayEvent,
  type BranchDayState,
  type TillEvent,
  type TillState,
  type VaultEvent,
  type VaultState,
} from '@fidelis/shared/tills/index.js';
import type { Queryable } from './database.js';
import type { Tables } from './migrations.js';
import { parseWithBigints } from '@fidelis/shared/json/bigintJson.js';

export type CashState = TillState | VaultState | BranchDayState;

/** A stream's state as the gateway keeps it between pushes (StreamSnapshot's part these checks read). */
export interface CashStream {
  readonly streamId: string;
  readonly state: unknown;
}

type Checked = { readonly ok: true; readonly state: CashState } | { readonly ok: false; readonly reason: SyncReason };

const CASH_CATEGORIES = [TILL_CATEGORY, VAULT_CATEGORY, BRANCH_DAY_CATEGORY];

export const isCashCategory = (category: string): boolean => CASH_CATEGORIES.includes(category);

export function initialCashState(category: string): CashState {
  if (category === TILL_CATEGORY) return tillDecider.initialState;
  if (category === VAULT_CATEGORY) return vaultDecider.initialState;
  return branchDayDecider.initialState;
}

const refused = (code: string, message: string): Checked => ({ ok: false, reason: { code, message } });

function checkTill(before: TillState, event: TillEvent, envelope: EventEnvelope): Checked {
  const workstation = event.type === 'TillOpened' ? event.data.workstation : before.workstation;
  if (envelope.meta.deviceId !== workstation) {
    return refused('TILL_ELSEWHERE', `Till ${event.data.tillId} belongs to workstation ${workstation}: ${envelope.meta.deviceId} cannot ${event.type === 'TillOpened' ? 'open' : 'close'} it.`);
  }
  if (event.type === 'TillOpened' && before.status === 'OPEN') return refused('TILL_ALREADY_OPEN', `Till ${event.data.tillId} is already open for ${before.businessDay}.`);
  if (event.type === 'TillClosed' && before.status !== 'OPEN') return refused('TILL_NOT_OPEN', `Till ${event.data.tillId} is not open: it cannot close.`);
  return { ok: true, state: tillDecider.evolve(before, event) };
}

function checkVault(before: VaultState, event: VaultEvent, envelope: EventEnvelope): Checked {
  if ((event.type === 'CashIssuedToTill' || event.type === 'CashReturnedToVault') && envelope.meta.deviceId !== event.data.workstation) {
    return refused('TILL_ELSEWHERE', `Cash changes hands at till ${event.data.tillId} on workstation ${event.data.workstation}, not on ${envelope.meta.deviceId}.`);
  }
  const after = vaultDecider.evolve(before, event);
  if (after.position < 0n) return refused('VAULT_SHORT_OF_CASH', `Vault ${event.data.vaultId} holds ${before.position} minor units: ${event.type} would take it to ${after.position}, below zero.`);
  return { ok: true, state: after };
}

function checkDayClose(before: BranchDayState, event: BranchDayEvent, branchCash: () => readonly CashStream[]): Checked {
  const { businessDay, branchId } = event.data;
  if (before.lastClosed !== undefined && businessDay <= before.lastClosed) return refused('DAY_CLOSED', `Branch ${branchId} closed ${before.lastClosed} already: ${businessDay} cannot close after it.`);
  const streams = branchCash();
  const states = <S>(category: string) => streams.filter((s) => categoryOf(s.streamId) === category && s.state !== undefined).map((s) => s.state as S);
  const blockers = dayCloseBlockers(
    {
      branchId,
      currentDay: businessDay,
      tills: states<TillState>(TILL_CATEGORY).map((t) => ({ tillId: t.tillId, teller: t.teller, currency: t.currency, open: t.status === 'OPEN', counted: '0' })),
      vaults: states<VaultState>(VAULT_CATEGORY).map((v) => ({ vaultId: v.vaultId, currency: v.currency, counted: '0', movedSinceCount: v.movedSinceCount, ...(v.countedDay ? { countedDay: v.countedDay } : {}) })),
    },
    businessDay,
  );
  if (blockers.length > 0) return refused('DAY_NOT_READY', `${businessDay} cannot close at branch ${branchId}: ${blockers.join(' ')}`);
  return { ok: true, state: branchDayDecider.evolve(before, event) };
}

/** One event of a till, vault or branch-day stream against the state before it. */
export function checkCashEvent(category: string, before: CashState, event: DomainEvent, envelope: EventEnvelope, branchCash: () => readonly CashStream[]): Checked {
  if (category === TILL_CATEGORY) return checkTill(before as TillState, event as TillEvent, envelope);
  if (category === VAULT_CATEGORY) return checkVault(before as VaultState, event as VaultEvent, envelope);
  return checkDayClose(before as BranchDayState, event as BranchDayEvent, branchCash);
}

/** Every till and vault stream of a branch as the gateway holds it: what a day's close is checked against. */
export async function loadBranchCash(tx: Queryable, t: Tables, branchId: string): Promise<{ streamId: string; branchId: string; version: number; hash: string; state: CashState | undefined; facts: Record<string, string> }[]> {
  const rows = await tx.query<{ stream_id: string; branch_id: string; version: number; hash: string; state: string | null; facts: string }>(
    `SELECT stream_id, branch_id, version, hash, state, facts FROM ${t.streams} WHERE branch_id = $1 AND (stream_id LIKE $2 OR stream_id LIKE $3)`,
    [branchId, `${TILL_CATEGORY}-%`, `${VAULT_CATEGORY}-%`],
  );
  return rows.map((r) => ({
    streamId: r.stream_id,
    branchId: r.branch_id,
    version: Number(r.version),
    hash: r.hash,
    state: r.state === null ? undefined : parseWithBigints<CashState>(r.state),
    facts: JSON.parse(r.facts) as Record<string, string>,
  }));
}
