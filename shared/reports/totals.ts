/** Sums per named key (e.g. `in.USD`), formatted in the key's currency, in a stable order for byte-identical output. */

import { formatAmount } from '../money/money.js';

export function createTotals() {
  const sums = new Map<string, { amount: bigint; currency: string }>();
  return {
    add(name: string, currency: string, amount: bigint) {
      const key = `${name}.${currency}`;
      const current = sums.get(key);
      sums.set(key, { amount: (current?.amount ?? 0n) + amount, currency });
    },
    formatted(): Record<string, string> {
      const out: Record<string, string> = {};
      for (const key of [...sums.keys()].sort()) {
        const { amount, currency } = sums.get(key)!;
        out[key] = formatAmount(amount, currency);
      }
      return out;
    },
  };
}
