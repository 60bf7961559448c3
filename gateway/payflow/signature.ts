/** Checks a PayFlow-Signature header: HMAC-SHA256 over the shared signing string, then the timestamp window (an old signature is a replay). */

import { createHmac, timingSafeEqual } from 'node:crypto';
import { isWithinTolerance, parseSignatureHeader, webhookSigningString } from '@fidelis/shared/payflow/protocol.js';

export type SignatureCheck =
  | { readonly ok: true; readonly timestamp: number; readonly signature: string }
  | { readonly ok: false; readonly status: 400 | 401; readonly code: string; readonly reason: string };

export function verifyWebhookSignature(secret: string, header: string | undefined, rawBody: Buffer, nowSeconds: number, toleranceSeconds: number): SignatureCheck {
  if (!header) return { ok: false, status: 401, code: 'SIGNATURE_MISSING', reason: 'no PayFlow-Signature header' };
  const parsed = parseSignatureHeader(header);
  if (!parsed) return { ok: false, status: 401, code: 'SIGNATURE_MALFORMED', reason: 'the PayFlow-Signature header is not t=<seconds>,v1=<hex>' };
  const expected = createHmac('sha256', secret).update(webhookSigningString(parsed.timestamp, rawBody.toString('utf8'))).digest();
  const match = parsed.signatures.find((hex) => {
    const given = Buffer.from(hex, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!match) return { ok: false, status: 401, code: 'SIGNATURE_INVALID', reason: 'signature does not match the body' };
  // Checked after the HMAC so a forger cannot learn anything from the window, and a genuine but old delivery reads as a replay.
  if (!isWithinTolerance(parsed.timestamp, nowSeconds, toleranceSeconds)) {
    return { ok: false, status: 400, code: 'SIGNATURE_EXPIRED', reason: `signed at ${parsed.timestamp}, outside the ${toleranceSeconds}s window (replayed or clock skew)` };
  }
  return { ok: true, timestamp: parsed.timestamp, signature: match };
}
