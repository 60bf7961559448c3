/** JSON text for values that hold bigints (aggregate states, whose money is bigint): each bigint travels as {"$bigint":"123"}. */

const BIGINT_TAG = '$bigint';
const INTEGER = /^-?\d+$/;

export function stringifyWithBigints(value: unknown): string {
  return JSON.stringify(value, (_key, member: unknown) => (typeof member === 'bigint' ? { [BIGINT_TAG]: member.toString() } : member));
}

/** Only an object whose one key is the tag, holding an integer, is a bigint: no state field looks like that. */
export function parseWithBigints<T>(text: string): T {
  return JSON.parse(text, (_key, member: unknown) => {
    if (member === null || typeof member !== 'object' || Array.isArray(member)) return member;
    const keys = Object.keys(member);
    const tagged = (member as Record<string, unknown>)[BIGINT_TAG];
    return keys.length === 1 && typeof tagged === 'string' && INTEGER.test(tagged) ? BigInt(tagged) : member;
  }) as T;
}
