/**
 * The command service: every command main runs comes through here — a teller's (execute), a signed-in person's with
 * their permission and dual control checked (executeAs), a process manager's or handler's step (executeInternal), a
 * staff change (runStaff). It validates, builds the metadata, runs the pipeline on the live lane and answers once the
 * events are durable. Inline read models fold them in batches; whoever reads one waits for it to hold them first.
 */

import { ulid } from '../ids.js';
import type { EventMeta } from '@fidelis/shared/events/envelope.js';
import { DomainError, isDomainError } from '@fidelis/shared/errors.js';
import type { AccountState } from '@fidelis/shared/accounts/index.js';
import { commandMetaSchema, commandRequestSchema, tellerCommandRequestSchema, type CommandMetaInput, type CommandRequest } from '@fidelis/shared/ledger/commands.js';
import { approvalRequiredMessage, COMMAND_PERMISSION, DUAL_CONTROL_COMMANDS, dualControlLimit, requirePermission, requiresApproval, type Approval, type Principal, type StaffCommand } from '@fidelis/shared/staff/index.js';
import { parseOrThrow } from '@fidelis/shared/validation.js';
import { applyEnrichers, type Enricher } from '../enrichment/enrichers.js';
import type { Logger } from '../log.js';
import type { LedgerMetrics } from '../processing/metrics.js';
import type { Processing } from '../processing/processingEngine.js';
import type { Settings } from '../settings.js';
import type { CustomerLookup } from '../customers/customerLookup.js';
import type { AccountResolver } from '../accounts/accountResolver.js';
import { staffSlice } from '../staff/staffSlice.js';
import { isCashCommand } from '@fidelis/shared/tills/index.js';
import type { SecondPersonCheck } from '../tills/secondPerson.js';
import type { TillCommandReads } from '../tills/tillCommands.js';
import { hashCommand, runCommand, type CommandOutcome, type PipelineDeps } from './commandPipeline.js';
import { routeCommand, type RoutableCommand } from './commandRouter.js';

export interface CommandService {
  /** A teller command from a trusted caller (the CLI, sync, tests): validated, recorded as meta.actor or the default actor. */
  execute(request: unknown, meta?: CommandMetaInput): Promise<CommandOutcome>;
  /**
   * A command on behalf of a signed-in person: authorised from their roles (COMMAND_PERMISSION), recorded with them as
   * actor; over the dual-control amount it needs `approval` from another person holding 'approve' (meta.approvedBy).
   */
  executeAs(principal: Principal, request: unknown, meta?: CommandMetaInput, approval?: Approval): Promise<CommandOutcome>;
  /** Any command, the process managers' own steps included: only main's handlers, process managers and sync call this. */
  executeInternal(request: unknown, meta?: CommandMetaInput): Promise<CommandOutcome>;
  /** A staff command, built by main (never a caller's request), recorded as `actor`. */
  runStaff(command: StaffCommand, actor: string): Promise<CommandOutcome>;
}

export interface CommandServiceDeps {
  readonly pipeline: PipelineDeps;
  readonly settings: Pick<Settings, 'deviceId' | 'branchId' | 'defaultActor' | 'dualControlAmount' | 'dualControlAmounts'>;
  readonly enrichers: readonly Enricher[];
  readonly logger: Logger;
  readonly metrics: Pick<LedgerMetrics, 'commandFinished'>;
  /** The live lane: bulk work such as imports waits for it. */
  readonly processing: Pick<Processing, 'lanes'>;
  /** Looked at before a command runs (sync's stand-in limits while offline); throws to refuse it. */
  beforeCommand(command: RoutableCommand, commandId: string): Promise<void>;
  loadAccount(accountId: string): Promise<AccountState>;
  /** Customers an opening names as owners, and what a derived customer was known as before its first change. */
  readonly customers: Pick<CustomerLookup, 'customer'>;
  /** Staff name accounts by number: their commands' accounts are resolved to ids here, once, for every door. */
  readonly accounts: Pick<AccountResolver, 'find' | 'holderOfNumber'>;
  /** The approver of a dual-control command: another person, holding 'approve', with their password. */
  verifyApproval(actor: Principal, approval: Approval): Promise<Principal>;
  /** US dollars per unit of `currency` as last recorded, to compare with the dual-control amount when the currency has none of its own. */
  latestUsdPerUnit(currency: string): Promise<string | undefined>;
  /** Cash between a till and the vault, and a counted difference's sign-off: the second person, when their credentials come along. */
  readonly secondPerson: SecondPersonCheck;
  /** The tills' book, calendar and locks the command path reads (main/tills). */
  readonly tills: TillCommandReads;
}

type RequestSchema = typeof commandRequestSchema | typeof tellerCommandRequestSchema;

/** The fields a teller command names an account by. */
const ACCOUNT_FIELDS = ['accountId', 'fromAccountId', 'toAccountId'] as const;

export function createCommandService(deps: CommandServiceDeps): CommandService {
  const { settings, logger, metrics, processing } = deps;

  /** The caller's meta completed by the ledger: ids, the default actor, this workstation, and the enrichers' extensions. */
  function buildMeta(command: CommandRequest, given: CommandMetaInput, approvedBy: string | undefined): EventMeta {
    const commandId = given.commandId ?? ulid();
    const meta: EventMeta = {
      commandId,
      correlationId: given.correlationId ?? commandId,
      causationId: given.causationId ?? commandId,
      actor: given.actor ?? settings.defaultActor,
      deviceId: settings.deviceId,
      branchId: settings.branchId,
      // Named in every event so a causation trace can say which command it was.
      commandType: command.type,
      ...(approvedBy === undefined ? {} : { approvedBy }),
      ...(given.process === undefined ? {} : { process: given.process }),
    };
    return applyEnrichers(deps.enrichers, command, meta);
  }

  /** Runs on the live lane: bulk work and subscribers' batches step aside meanwhile. */
  async function onLiveLane(run: () => Promise<CommandOutcome>): Promise<CommandOutcome> {
    const releaseLane = await processing.lanes.admit();
    try {
      return await run();
    } finally {
      releaseLane();
    }
  }

  /** Validates a command against `schema` and runs it; resolves once its events are durable. */
  async function run(schema: RequestSchema, request: unknown, metaInput: CommandMetaInput = {}, approvedBy?: string): Promise<CommandOutcome> {
    const parsed = parseOrThrow(schema, request);
    const meta = buildMeta(parsed, parseOrThrow(commandMetaSchema, metaInput), approvedBy);
    // The hash identifies the command as sent, before the ledger picks a new account's id.
    const commandHash = hashCommand(parsed);
    // Processes and sync name accounts by id; staff may name them by number.
    const command = schema === tellerCommandRequestSchema ? await withAccountIds(parsed) : parsed;
    const withIds: RoutableCommand =
      command.type === 'OpenAccount'
        ? { ...command, accountId: command.accountId ?? ulid() }
        : command.type === 'RegisterCustomer'
          ? { ...command, customerId: command.customerId ?? ulid() }
          : command;
    await deps.beforeCommand(withIds, meta.commandId);
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    try {
      const outcome = await onLiveLane(() => routeCommand(deps.pipeline, withIds, { ...meta, command: withIds }, commandHash, deps));
      metrics.commandFinished(command.type, outcome.duplicate ? 'duplicate' : 'accepted', seconds());
      logger.info({ commandId: meta.commandId, type: command.type, streamId: outcome.streamId, version: outcome.version, duplicate: outcome.duplicate, ms: seconds() * 1000 }, 'command accepted');
      return outcome;
    } catch (error) {
      metrics.commandFinished(command.type, isDomainError(error) ? 'refused' : 'failed', seconds());
      logger.info({ commandId: meta.commandId, type: command.type, error }, 'command refused');
      throw error;
    }
  }

  /** The command with each account it names (by number or id) as the account's id; an unknown one is left for the decider to refuse. */
  async function withAccountIds(command: CommandRequest): Promise<CommandRequest> {
    if (command.type === 'OpenAccount') return command;
    const named = command as Record<string, unknown>;
    const resolved: Record<string, string> = {};
    for (const field of ACCOUNT_FIELDS) {
      const value = named[field];
      const accountId = typeof value === 'string' ? await deps.accounts.find(value) : undefined;
      if (accountId !== undefined && accountId !== value) resolved[field] = accountId;
    }
    return Object.keys(resolved).length === 0 ? command : ({ ...command, ...resolved } as CommandRequest);
  }

  /** The currency a command moves: its own (transfers, payments) or its account's; undefined for an account that does not exist (the decider refuses it). */
  async function currencyMoved(command: CommandRequest): Promise<string | undefined> {
    if ('currency' in command && typeof command.currency === 'string') return command.currency;
    // A transfer moves the source account's money.
    const named = 'fromAccountId' in command ? command.fromAccountId : 'accountId' in command ? command.accountId : undefined;
    const accountId = typeof named === 'string' ? await deps.accounts.find(named) : undefined;
    const currency = accountId === undefined ? '' : (await deps.loadAccount(accountId)).currency;
    return currency === '' ? undefined : currency;
  }

  /** Who approved a command over the dual-control amount of its currency (undefined at or under it); refuses one that needs approval and has none. */
  async function approverOf(principal: Principal, command: CommandRequest, approval: Approval | undefined): Promise<string | undefined> {
    if (!(DUAL_CONTROL_COMMANDS as readonly string[]).includes(command.type)) return undefined;
    const currency = await currencyMoved(command);
    if (currency === undefined) return undefined;
    const limit = dualControlLimit(currency, settings);
    const rate = limit.currency === currency ? undefined : await deps.latestUsdPerUnit(currency);
    if (!requiresApproval(command, currency, limit, rate)) return undefined;
    if (!approval) throw new DomainError('APPROVAL_REQUIRED', approvalRequiredMessage(currency, limit, rate), 'approval');
    return (await deps.verifyApproval(principal, approval)).username;
  }

  return {
    execute: (request, meta) => run(tellerCommandRequestSchema, request, meta),

    async executeAs(principal, request, meta = {}, approval) {
      // Validation first names a malformed command's field; a command nobody mapped to a permission is refused (fail closed).
      const command = parseOrThrow(tellerCommandRequestSchema, request);
      const permission = Object.hasOwn(COMMAND_PERMISSION, command.type) ? COMMAND_PERMISSION[command.type] : undefined;
      if (permission === undefined) throw new DomainError('FORBIDDEN', `No role may run ${command.type} directly.`, 'role');
      requirePermission(principal, permission);
      const approvedBy = isCashCommand(command) ? await deps.secondPerson(principal, command, approval) : await approverOf(principal, command, approval);
      return run(tellerCommandRequestSchema, command, { ...meta, actor: principal.username }, approvedBy);
    },

    executeInternal: (request, meta) => run(commandRequestSchema, request, meta),

    async runStaff(command, actor) {
      // Its own slice and its own meta: the command holds a password hash, so the meta leaves it out.
      const commandId = ulid();
      const meta: EventMeta = { commandId, correlationId: commandId, causationId: commandId, actor, deviceId: settings.deviceId, branchId: settings.branchId, commandType: command.type };
      const outcome = await onLiveLane(() => runCommand(deps.pipeline, staffSlice, command, meta));
      logger.info({ commandId, type: command.type, streamId: outcome.streamId, actor }, 'staff command accepted');
      return outcome;
    },
  };
}
