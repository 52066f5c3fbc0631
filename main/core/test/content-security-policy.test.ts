// The policy both hosts send lets the page run its own files and the one inline script the
// build puts in index.html (by that script's hash), and nothing else inline.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inlineAppearanceBoot } from '../../../vite.config';
import { APPEARANCE_BOOT_HASH, contentSecurityPolicy } from '../content-security-policy';

const build = (html: string) => (inlineAppearanceBoot().transformIndexHtml as (html: string) => string)(html);
const scriptSrc = (csp: string) => csp.split('; ').find((d) => d.startsWith('script-src '));

describe("the renderer's Content-Security-Policy", () => {
  it('allows the one inline script index.html is built with, by its hash, and no other inline script', () => {
    const built = build(readFileSync(new URL('../../../renderer/index.html', import.meta.url), 'utf8'));
    const inline = [...built.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    expect(inline).toHaveLength(1);
    const hash = createHash('sha256').update(inline[0]!, 'utf8').digest('base64');
    expect(APPEARANCE_BOOT_HASH).toBe(`'sha256-${hash}'`);
    expect(scriptSrc(contentSecurityPolicy())).toBe(`script-src 'self' 'sha256-${hash}'`);
    expect(scriptSrc(contentSecurityPolicy({ connectSrc: ['ws://127.0.0.1:1'] }))).toBe(`script-src 'self' 'sha256-${hash}'`);
  });

  it('a page without the place for the script fails the build instead of shipping without it', () => {
    expect(() => build('<!doctype html><head></head>')).toThrow(/parley:appearance-boot/);
  });
});
