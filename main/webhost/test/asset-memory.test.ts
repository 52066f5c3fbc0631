// The host's memory of hashed assets stays within its bound.
import { describe, expect, it } from 'vitest';
import { AssetMemory } from '../asset-memory';

const asset = (bytes: number) => ({ body: Buffer.alloc(bytes), contentType: 'text/javascript', encoding: 'br' as const });

describe('AssetMemory', () => {
  it('keeps assets up to its bound, then serves the rest from disk (keeps none of them)', () => {
    const memory = new AssetMemory(100);
    expect(memory.keep(AssetMemory.key('/assets/a-12345678.js', ['br']), asset(60))).toBe(true);
    expect(memory.keep(AssetMemory.key('/assets/b-12345678.js', ['br']), asset(60))).toBe(false);
    expect(memory.get(AssetMemory.key('/assets/b-12345678.js', ['br']))).toBeUndefined();
    expect(memory.keep(AssetMemory.key('/assets/c-12345678.js', ['br']), asset(40))).toBe(true);
    expect(memory.size).toBe(100);
    // Kept once: the same asset again changes nothing.
    expect(memory.keep(AssetMemory.key('/assets/a-12345678.js', ['br']), asset(60))).toBe(true);
    expect(memory.size).toBe(100);
  });

  it('tells variants apart by the encodings the request accepts', () => {
    expect(AssetMemory.key('/assets/a-12345678.js', ['br', 'gzip'])).not.toBe(AssetMemory.key('/assets/a-12345678.js', ['gzip']));
    expect(AssetMemory.key('/assets/a-12345678.js', [])).not.toBe(AssetMemory.key('/assets/a-12345678.js', ['br']));
  });
});
