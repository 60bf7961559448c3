/** Signs a webhook body the way PayFlow does: HMAC-SHA256 over the shared signing string, in the PayFlow-Signature header format. */

import { createHmac } from 'node:crypto';
import { formatSignatureHeader, webhookSigningString } from '@fidelis/shared/payflow/protocol.js';

export const signWebhook = (secret: string, rawBody: string, timestampSeconds: number): string =>
  formatSignatureHeader(timestampSeconds, createHmac('sha256', secret).update(webhookSigningString(timestampSeconds, rawBody)).digest('hex'));
