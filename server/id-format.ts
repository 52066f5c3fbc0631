// What counts as an ID in a request: a uint64 given as a decimal string ("1152921504606846977")
// or as a JSON number. Bare numbers above 2^53 already arrive as strings (the lossless
// parser), so a `number` here is a safe integer or a mistake (a fraction, a rounded value).

const UINT64_MAX = (1n << 64n) - 1n;
const DECIMAL = /^\d{1,20}$/;

/** The canonical decimal string of an ID (no leading zeros), or null if it is not one. */
export function normaliseId(value: unknown): string | null {
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) && value >= 0 ? String(value) : null;
  }
  if (typeof value === 'string' && DECIMAL.test(value)) {
    const n = BigInt(value);
    return n <= UINT64_MAX ? n.toString() : null;
  }
  return null;
}

/** Compares decimal ID strings numerically (for sorted member lists). */
export function compareIds(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
