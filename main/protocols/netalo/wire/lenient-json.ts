// A small JSON parser for what Netalo puts on the wire, in two ways JSON.parse cannot:
//
// 1. Lossless big integers. Netalo IDs are uint64 and real ones exceed 2^53; JSON.parse would
//    silently round them. An integer literal whose magnitude exceeds Number.MAX_SAFE_INTEGER
//    comes back as its decimal string instead ("1152921504606846977"), exactly as written.
//    Safe integers, fractions and exponents come back as numbers, as JSON.parse gives them.
// 2. The document's pseudo-JSON (opt-in with `allowSingleQuotes`): its examples pass payloads
//    such as "{'appid': 123, 'name': \"Netalo\", 'occupants_uin': [123, 456]}", where strings
//    and keys may be single-quoted, mixed with double quotes.
//
// Anything else is strict JSON: no comments, no trailing commas, no unquoted keys. Nesting is
// bounded (MAX_DEPTH) so that hostile input such as "[[[[...]]]]" cannot exhaust the stack,
// and every failure is a SyntaxError that names the position.

export interface LenientJsonOptions {
  /** Accept 'single-quoted' strings and keys (the Netalo document's pseudo-JSON). */
  allowSingleQuotes?: boolean;
  /** Deepest nesting of objects and arrays accepted; defaults to MAX_DEPTH. */
  maxDepth?: number;
}

export const MAX_DEPTH = 64;

export function parseLenientJson(text: string, opts: LenientJsonOptions = {}): unknown {
  if (typeof text !== 'string') throw new SyntaxError('JSON input must be a string');
  const maxDepth = opts.maxDepth ?? MAX_DEPTH;
  // Fast path: every pushed message goes through here, and the native parser is many times
  // faster than this one. It gives the same value whenever no integer literal is past 2^53 and
  // the nesting is within bounds (checked first, in one pass). Invalid input falls through to
  // the parser below, so errors name the position as before.
  if (nativeParseIsExact(text, maxDepth)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      // not JSON as it stands (single quotes, or broken): the parser below reads it or says why
    }
  }
  const parser = new Parser(text, opts.allowSingleQuotes === true, opts.maxDepth ?? MAX_DEPTH);
  return parser.parseDocument();
}

const SAFE_DIGITS = String(Number.MAX_SAFE_INTEGER); // 16 digits

/**
 * Whether JSON.parse reads `text` as the parser would, as far as one pass can tell: outside
 * strings no run of digits is an integer past Number.MAX_SAFE_INTEGER (a fraction's or
 * exponent's digits count too: a false alarm only costs the slow path), and brackets nest
 * at most `maxDepth` deep. Says nothing about validity: JSON.parse checks that.
 */
function nativeParseIsExact(text: string, maxDepth: number): boolean {
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      for (i++; i < n; i++) {
        const s = text.charCodeAt(i);
        if (s === 0x5c /* \ */) i++;
        else if (s === 0x22) break;
      }
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > maxDepth) return false;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      depth--;
    } else if (c >= 0x30 && c <= 0x39) {
      const start = i;
      while (i + 1 < n && text.charCodeAt(i + 1) >= 0x30 && text.charCodeAt(i + 1) <= 0x39) i++;
      const digits = i + 1 - start;
      if (digits > SAFE_DIGITS.length || (digits === SAFE_DIGITS.length && text.slice(start, i + 1) > SAFE_DIGITS)) return false;
    }
  }
  return true;
}

const ESCAPES: Record<string, string> = {
  '"': '"',
  "'": "'",
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

// Strict JSON number grammar, anchored at the current position (sticky flag).
const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

class Parser {
  private pos = 0;

  constructor(
    private readonly text: string,
    private readonly singleQuotes: boolean,
    private readonly maxDepth: number,
  ) {}

  parseDocument(): unknown {
    this.skipWhitespace();
    const value = this.parseValue(0);
    this.skipWhitespace();
    if (this.pos < this.text.length) this.fail(`Unexpected ${this.describeHere()} after the JSON value`);
    return value;
  }

  private parseValue(depth: number): unknown {
    const ch = this.text[this.pos];
    switch (ch) {
      case '{':
        return this.parseObject(depth + 1);
      case '[':
        return this.parseArray(depth + 1);
      case '"':
        return this.parseString('"');
      case "'":
        if (this.singleQuotes) return this.parseString("'");
        return this.fail(`Unexpected ${this.describeHere()} (single quotes are not JSON)`);
      case 't':
        return this.parseLiteral('true', true);
      case 'f':
        return this.parseLiteral('false', false);
      case 'n':
        return this.parseLiteral('null', null);
      default:
        if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) return this.parseNumber();
        return this.fail(`Unexpected ${this.describeHere()}, expected a value`);
    }
  }

  private parseObject(depth: number): Record<string, unknown> {
    this.checkDepth(depth);
    this.pos++; // '{'
    const result: Record<string, unknown> = {};
    this.skipWhitespace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return result;
    }
    for (;;) {
      const quote = this.text[this.pos];
      if (quote !== '"' && !(quote === "'" && this.singleQuotes)) {
        this.fail(`Unexpected ${this.describeHere()}, expected a quoted key`);
      }
      const key = this.parseString(quote);
      this.skipWhitespace();
      this.expect(':');
      this.skipWhitespace();
      const value = this.parseValue(depth);
      // defineProperty rather than assignment: a "__proto__" key must become an ordinary
      // property (as JSON.parse makes it), never replace the object's prototype.
      Object.defineProperty(result, key, { value, writable: true, enumerable: true, configurable: true });
      this.skipWhitespace();
      const next = this.text[this.pos];
      if (next === ',') {
        this.pos++;
        this.skipWhitespace();
        continue;
      }
      if (next === '}') {
        this.pos++;
        return result;
      }
      this.fail(`Unexpected ${this.describeHere()}, expected ',' or '}'`);
    }
  }

  private parseArray(depth: number): unknown[] {
    this.checkDepth(depth);
    this.pos++; // '['
    const result: unknown[] = [];
    this.skipWhitespace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return result;
    }
    for (;;) {
      result.push(this.parseValue(depth));
      this.skipWhitespace();
      const next = this.text[this.pos];
      if (next === ',') {
        this.pos++;
        this.skipWhitespace();
        continue;
      }
      if (next === ']') {
        this.pos++;
        return result;
      }
      this.fail(`Unexpected ${this.describeHere()}, expected ',' or ']'`);
    }
  }

  private parseString(quote: string): string {
    const start = this.pos;
    this.pos++; // opening quote
    let out = '';
    let chunkStart = this.pos;
    for (;;) {
      if (this.pos >= this.text.length) this.fail(`Unterminated string starting at position ${start}`);
      const code = this.text.charCodeAt(this.pos);
      const ch = this.text[this.pos] as string;
      if (ch === quote) {
        out += this.text.slice(chunkStart, this.pos);
        this.pos++;
        return out;
      }
      if (code < 0x20) this.fail(`Control character U+${code.toString(16).padStart(4, '0')} in a string`);
      if (ch !== '\\') {
        this.pos++;
        continue;
      }
      out += this.text.slice(chunkStart, this.pos);
      const escaped = this.text[this.pos + 1];
      if (escaped === 'u') {
        const hex = this.text.slice(this.pos + 2, this.pos + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('Bad \\u escape in a string');
        out += String.fromCharCode(parseInt(hex, 16));
        this.pos += 6;
      } else if (escaped !== undefined && ESCAPES[escaped] !== undefined && (escaped !== "'" || this.singleQuotes)) {
        out += ESCAPES[escaped];
        this.pos += 2;
      } else {
        this.fail(`Bad escape \\${escaped ?? ''} in a string`);
      }
      chunkStart = this.pos;
    }
  }

  private parseNumber(): number | string {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (!match) return this.fail(`Unexpected ${this.describeHere()}, expected a number`);
    const literal = match[0];
    this.pos += literal.length;
    const value = Number(literal);
    const isInteger = match[1] === undefined && match[2] === undefined;
    // The whole point: an integer a double cannot hold exactly stays as the digits it was.
    if (isInteger && Math.abs(value) > Number.MAX_SAFE_INTEGER) return literal;
    return value;
  }

  private parseLiteral<T>(word: string, value: T): T {
    if (this.text.startsWith(word, this.pos)) {
      this.pos += word.length;
      return value;
    }
    return this.fail(`Unexpected ${this.describeHere()}, expected a value`);
  }

  private expect(ch: string): void {
    if (this.text[this.pos] !== ch) this.fail(`Unexpected ${this.describeHere()}, expected '${ch}'`);
    this.pos++;
  }

  private skipWhitespace(): void {
    for (;;) {
      const ch = this.text[this.pos];
      if (ch === ' ' || ch === '\n' || ch === '\r' || ch === '\t') this.pos++;
      else return;
    }
  }

  private checkDepth(depth: number): void {
    if (depth > this.maxDepth) this.fail(`Nesting deeper than ${this.maxDepth} levels`);
  }

  private describeHere(): string {
    const ch = this.text[this.pos];
    return ch === undefined ? 'end of input' : `character ${JSON.stringify(ch)}`;
  }

  private fail(message: string): never {
    throw new SyntaxError(`${message} at position ${this.pos}`);
  }
}
