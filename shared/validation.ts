/** Turns a zod failure into the DomainError every boundary reports: the first problem, on its field. */

import type { z } from 'zod';
import { DomainError } from './errors.js';

export function parseOrThrow<Schema extends z.ZodType>(schema: Schema, input: unknown): z.infer<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.length > 0 ? issue.path.map(String).join('.') : undefined;
  throw new DomainError('VALIDATION', field ? `${field}: ${issue.message}` : issue.message, field);
}
