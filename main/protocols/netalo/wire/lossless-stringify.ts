// JSON.stringify, except that a BigInt is written as a bare integer (JSON.stringify throws
// on one). It is the encoding half of the lossless codec: whoever holds a uint64 as a BigInt
// can put it on the wire exactly, and parseLenientJson reads it back as its decimal string.
//
// Everything else follows JSON.stringify: toJSON() is honoured, undefined / functions /
// symbols are dropped from objects and become null in arrays, non-finite numbers become null.
// Cycles throw a TypeError, as JSON.stringify does, instead of recursing forever.

export function stringifyLosslessJson(value: unknown): string {
  // Fast paths: the server writes every push through here. Most hold no BigInt, where the
  // native stringify gives the same text many times faster. Where IDs are uint64 (BigInt)
  // every push holds them: the native stringify with a replacer that marks each BigInt is
  // still about twice as fast as the writer below, and the throw that finds the first BigInt
  // costs a third as much again, so after a BigInt the next value goes straight there.
  if (!lastHadBigInt) {
    try {
      return JSON.stringify(value) ?? 'null';
    } catch {
      // A BigInt (or a cycle, which the paths below throw on too).
    }
  }
  const marked = stringifyMarked(value);
  lastHadBigInt = marked.bigints > 0;
  return marked.text ?? write(value, '', new Set()) ?? 'null';
}

/** Whether the last value written held a BigInt: the next one likely does too (the server's IDs). */
let lastHadBigInt = false;

/**
 * Each BigInt is replaced by this mark and its digits, as a string, then the quoted marks are
 * cut out again. Random per process, with a NUL: no text a client sends is expected to start
 * with it, and if one does, the count of marks found differs from the BigInts replaced and the
 * exact writer below writes the value instead. Exported for its test.
 */
export const BIGINT_MARK = '\u0000bigint:' + Math.random().toString(36).slice(2) + ':';
/** The mark as it appears in JSON text: the opening quote and the escaped mark. */
const QUOTED_MARK = JSON.stringify(BIGINT_MARK).slice(0, -1);

/** Native stringify with each BigInt written bare; `text` null when a text collided with the mark. */
function stringifyMarked(value: unknown): { text: string | null; bigints: number } {
  let bigints = 0;
  const text =
    JSON.stringify(value, (_key, v: unknown) => {
      if (typeof v !== 'bigint') return v;
      bigints++;
      return BIGINT_MARK + v.toString();
    }) ?? 'null';
  if (bigints === 0) return { text, bigints };
  const pieces = text.split(QUOTED_MARK);
  if (pieces.length - 1 !== bigints) return { text: null, bigints };
  let out = pieces[0]!;
  for (let i = 1; i < pieces.length; i++) {
    // Each piece starts with the BigInt's digits and the closing quote of its string.
    const piece = pieces[i]!;
    const quote = piece.indexOf('"');
    out += piece.slice(0, quote) + piece.slice(quote + 1);
  }
  return { text: out, bigints };
}

/** Returns undefined for values JSON leaves out (undefined, functions, symbols). */
function write(input: unknown, key: string, ancestors: Set<object>): string | undefined {
  let value = input;
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON(key: string): unknown }).toJSON(key);
  }
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
  if (value === null) return 'null';
  const object = value as object;
  if (ancestors.has(object)) throw new TypeError('Converting circular structure to JSON');
  ancestors.add(object);
  try {
    if (Array.isArray(object)) {
      return '[' + object.map((item, i) => write(item, String(i), ancestors) ?? 'null').join(',') + ']';
    }
    // Boxed primitives (new String('x')) serialise as their primitive, as in JSON.stringify.
    if (object instanceof String || object instanceof Number || object instanceof Boolean) {
      return write(object.valueOf(), key, ancestors);
    }
    const parts: string[] = [];
    for (const [k, v] of Object.entries(object)) {
      const written = write(v, k, ancestors);
      if (written !== undefined) parts.push(JSON.stringify(k) + ':' + written);
    }
    return '{' + parts.join(',') + '}';
  } finally {
    ancestors.delete(object);
  }
}
