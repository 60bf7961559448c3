/** The stored event envelope: identity, position, time, payload and the metadata that traces who caused what. */

import { z } from 'zod';

/** `Fidelis.DepositMade.v2` → name DepositMade, version 2. */
const TYPE_NAME = /^Fidelis\.([A-Z][A-Za-z0-9]*)\.v([1-9]\d*)$/;

export const eventTypeName = (name: string, version: number): string => `Fidelis.${name}.v${version}`;

export function parseEventTypeName(type: string): { name: string; version: number } | undefined {
  const match = TYPE_NAME.exec(type);
  return match ? { name: match[1]!, version: Number(match[2]) } : undefined;
}

export const eventMetaSchema = z
  .object({
    commandId: z.string().min(1),
    correlationId: z.string().min(1),
    causationId: z.string().min(1),
    actor: z.string().min(1),
    deviceId: z.string().min(1),
    branchId: z.string().min(1),
  })
  .catchall(z.unknown());

export type EventMeta = z.infer<typeof eventMetaSchema>;

export const eventEnvelopeSchema = z.object({
  id: z.string().min(1),
  type: z.string().regex(TYPE_NAME, 'type must look like Fidelis.<Event>.v<N>'),
  streamId: z.string().min(1),
  version: z.number().int().nonnegative(),
  seq: z.number().int().positive(),
  gpos: z.number().int().positive().nullable(),
  occurredAt: z.iso.datetime(),
  recordedAt: z.iso.datetime(),
  data: z.record(z.string(), z.unknown()),
  meta: eventMetaSchema,
});

export type EventEnvelope = z.infer<typeof eventEnvelopeSchema>;

/** A stream id is `<category>-<id>`; the category groups streams of one aggregate type. */
export const streamIdOf = (category: string, id: string): string => `${category}-${id}`;

export function categoryOf(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash < 0 ? streamId : streamId.slice(0, dash);
}
