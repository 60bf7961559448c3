/** The PayFlow inbox: each webhook stored once per external event id with its owning branch (or as unroutable), read back by branch in position order. */

import { z } from 'zod';
import type { InboxMessage, InboxResponse, WebhookEnvelope } from '@fidelis/shared/payflow/protocol.js';
import type { GatewayDatabase } from '../database.js';
import type { Tables } from '../migrations.js';

export type Routing = { readonly branchId: string } | { readonly branchId: null; readonly reason: string };

export type StoreOutcome =
  | { readonly status: 'stored'; readonly position: number }
  | { readonly status: 'duplicate'; readonly position: number; readonly sameSignature: boolean };

const BRANCH = /^[A-Za-z0-9_-]{1,64}$/;

/** Whatever routing facts the body carries, read loosely: an unknown event type may or may not name a payment. */
const routingHintsSchema = z.object({
  payment: z
    .object({
      direction: z.string().optional(),
      debtor: z.object({ branchId: z.string().optional() }).partial().optional(),
      creditor: z.object({ accountId: z.string().optional() }).partial().optional(),
    })
    .optional(),
});

/**
 * Outbound payments echo the branch we sent as debtor.branchId; inbound ones name a Fidelis account as creditor.accountId,
 * whose branch is the one whose events hold stream `account-<id>`.
 */
export async function resolveBranch(db: GatewayDatabase, t: Tables, event: WebhookEnvelope): Promise<Routing> {
  const hints = routingHintsSchema.safeParse(event.data);
  const payment = hints.success ? hints.data.payment : undefined;
  if (!payment) return { branchId: null, reason: 'the event names no payment' };
  if (payment.direction === 'outbound') {
    const branchId = payment.debtor?.branchId;
    return branchId && BRANCH.test(branchId) ? { branchId } : { branchId: null, reason: 'outbound payment without a valid debtor.branchId' };
  }
  const accountId = payment.creditor?.accountId;
  if (!accountId) return { branchId: null, reason: 'inbound payment without creditor.accountId' };
  const rows = await db.query<{ branch_id: string }>(`SELECT branch_id FROM ${t.streams} WHERE stream_id = $1 LIMIT 2`, [`account-${accountId}`]);
  // Streams are per branch: an id two branches hold is not routed to either (one may have copied the other's).
  if (rows.length > 1) return { branchId: null, reason: `more than one branch holds an account ${accountId}` };
  return rows[0] ? { branchId: rows[0].branch_id } : { branchId: null, reason: `no branch holds account ${accountId}` };
}

export async function storeWebhook(
  db: GatewayDatabase,
  t: Tables,
  input: { event: WebhookEnvelope; routing: Routing; signature: string; payload: string; receivedAt: string },
): Promise<StoreOutcome> {
  const existing = async (q: Pick<GatewayDatabase, 'query'>): Promise<StoreOutcome | undefined> => {
    const rows = await q.query<{ position: string | number; signature: string }>(`SELECT position, signature FROM ${t.payflowMessages} WHERE external_id = $1`, [input.event.id]);
    const row = rows[0];
    return row ? { status: 'duplicate', position: Number(row.position), sameSignature: row.signature === input.signature } : undefined;
  };
  try {
    return await db.transaction(async (tx) => {
      // The position row is locked first: positions commit in order (a reader never sees n+1 before n) and a concurrent copy
      // of the same event waits here, then finds the first one stored.
      const last = await tx.query<{ last: string | number }>(`SELECT last FROM ${t.payflowPositions} WHERE id = 1 FOR UPDATE`);
      const seen = await existing(tx);
      if (seen) return seen;
      const position = Number(last[0]!.last) + 1;
      await tx.query(
        `INSERT INTO ${t.payflowMessages} (position, external_id, type, branch_id, unroutable_reason, signature, payload, received_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [position, input.event.id, input.event.type, input.routing.branchId, input.routing.branchId === null ? input.routing.reason : null, input.signature, input.payload, input.receivedAt],
      );
      await tx.query(`UPDATE ${t.payflowPositions} SET last = $1 WHERE id = 1`, [position]);
      return { status: 'stored', position } as const;
    });
  } catch (error) {
    // The unique constraint is the last word on "once per external id", whatever happened above.
    if ((error as { code?: string }).code === '23505') {
      const seen = await existing(db);
      if (seen) return seen;
    }
    throw error;
  }
}

type MessageRow = {
  position: string | number;
  external_id: string;
  type: string;
  received_at: Date | string;
  payload: string;
};

const messageOf = (r: MessageRow): InboxMessage => ({
  position: Number(r.position),
  externalId: r.external_id,
  type: r.type,
  receivedAt: new Date(r.received_at).toISOString(),
  payload: r.payload,
});

export async function readInbox(db: GatewayDatabase, t: Tables, branchId: string, after: number, limit: number): Promise<InboxResponse> {
  const rows = await db.query<MessageRow>(
    `SELECT position, external_id, type, received_at, payload FROM ${t.payflowMessages} WHERE branch_id = $1 AND position > $2 ORDER BY position LIMIT $3`,
    [branchId, after, limit],
  );
  const head = await db.query<{ head: string | number | null }>(`SELECT max(position) AS head FROM ${t.payflowMessages} WHERE branch_id = $1`, [branchId]);
  const messages = rows.map(messageOf);
  return { messages, checkpoint: messages.length > 0 ? messages[messages.length - 1]!.position : after, head: Number(head[0]?.head ?? 0) };
}

export interface UnroutableMessage extends InboxMessage {
  readonly reason: string;
}

/** Webhooks no branch owns, for an operator to look at (they were answered 200 so PayFlow stops retrying). */
export async function listUnroutable(db: GatewayDatabase, t: Tables): Promise<UnroutableMessage[]> {
  const rows = await db.query<MessageRow & { unroutable_reason: string }>(
    `SELECT position, external_id, type, received_at, payload, unroutable_reason FROM ${t.payflowMessages} WHERE branch_id IS NULL ORDER BY position`,
  );
  return rows.map((r) => ({ ...messageOf(r), reason: r.unroutable_reason }));
}
