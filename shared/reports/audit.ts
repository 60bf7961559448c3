/** Audit trail: every event of the period, whatever its type, with who did it, who approved it, where, and what caused it. */

import { redactSecrets } from '../staff/redaction.js';
import type { EventEnvelope } from '../events/envelope.js';
import type { ReportBuilder, ReportInput, ReportParams, ReportRow } from './model.js';

export const AUDIT_COLUMNS = ['seq', 'recordedAt', 'occurredAt', 'type', 'streamId', 'version', 'actor', 'approvedBy', 'workstation', 'branchId', 'commandId', 'correlationId', 'causationId', 'data'] as const;

const metaText = (envelope: EventEnvelope, name: string): string => {
  const value = envelope.meta[name];
  return typeof value === 'string' ? value : '';
};

export function createAuditReport(params: ReportParams): ReportBuilder {
  const counts = { events: 0, late: 0 };
  return {
    title: 'Audit trail',
    columns: AUDIT_COLUMNS,
    wants: (_type, position) => position === 'period' || position === 'late',
    accept({ envelope, position }: ReportInput): ReportRow[] {
      if (position !== 'period' && !(position === 'late' && params.includeLate)) return [];
      counts[position === 'period' ? 'events' : 'late'] += 1;
      const m = envelope.meta;
      return [
        {
          section: position === 'period' ? 'audit' : 'late',
          cells: [String(envelope.seq), envelope.recordedAt, envelope.occurredAt, envelope.type, envelope.streamId, String(envelope.version), m.actor, metaText(envelope, 'approvedBy'), metaText(envelope, 'workstation') || m.deviceId, m.branchId, m.commandId, m.correlationId, m.causationId, JSON.stringify(redactSecrets(envelope.data))],
        },
      ];
    },
    finish: () => [],
    summary: () => ({ totals: { events: String(counts.events), late: String(counts.late) }, warnings: [] }),
  };
}
