// JSON.stringify, except that a BigInt is written as a bare integer (JSON.stringify throws
// on one). It is the encoding half of the lossless codec: whoever holds a uint64 as a BigInt
// can put it on the wire exactly, and parseLenientJson reads it back as its decimal string.
//
// Everything else follows JSON.stringify: toJSON() is honoured, undefined / functions /
// symbols are dropped from objects and become null in arrays, non-finite numbers become null.
// Cycles throw a TypeError, as JSON.stringify does, instead of recursing forever.

export function stringifyLosslessJson(value: unknown): string {
  // Fast path: the server writes every push through here, and most hold no BigInt, where the
  // native stringify gives the same text many times faster. It throws a TypeError on a BigInt
  // (or a cycle): the writer below then does the whole value (and throws on the cycle).
  try {
    return JSON.stringify(value) ?? 'null';
  } catch {
    return write(value, '', new Set()) ?? 'null';
  }
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
