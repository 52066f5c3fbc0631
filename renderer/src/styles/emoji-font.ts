// Parley ships Noto Color Emoji (base.css) so emoji look the same everywhere. That font is
// COLRv1, and a Chromium built against an older system FreeType (Debian 12's Chromium, say)
// claims COLRv1 support yet draws its glyphs blank: emoji would vanish. So once per browser
// version this draws one emoji with the shipped font (its smallest subset, ~20 kB) and, if
// nothing shows, falls back to the system's own colour emoji font (`data-emoji-font="system"` on <html>).

const CACHE_KEY = 'parley.emojiFont';
// A character of the shipped font's smallest unicode-range subset.
const PROBE = '\u{1F6D9}';

function remembered(): 'shipped' | 'system' | null {
  try {
    const [agent, verdict] = (localStorage.getItem(CACHE_KEY) ?? '').split('\n');
    return agent === navigator.userAgent && (verdict === 'shipped' || verdict === 'system') ? verdict : null;
  } catch {
    return null;
  }
}

function apply(verdict: 'shipped' | 'system'): void {
  // base.css acts on 'system'; 'shipped' tells a test the check is done.
  document.documentElement.dataset.emojiFont = verdict;
}

/** Whether the shipped font draws colour here: one glyph on a canvas, any pixel not grey. */
async function shippedFontDraws(): Promise<boolean> {
  const font = '32px "Noto Color Emoji"';
  await document.fonts.load(font, PROBE);
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 40;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) return true; // cannot tell: keep the shipped font
  ctx.font = font;
  ctx.textBaseline = 'top';
  ctx.fillText(PROBE, 2, 2);
  const { data } = ctx.getImageData(0, 0, 40, 40);
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3]! > 0 && (data[i] !== data[i + 1] || data[i + 1] !== data[i + 2])) return true;
  }
  return false;
}

/** Applies the remembered verdict at once; without one, checks when the page is idle. */
export function chooseEmojiFont(): void {
  const known = remembered();
  if (known) return apply(known);
  const check = () =>
    void shippedFontDraws()
      .catch(() => true)
      .then((draws) => {
        const verdict = draws ? 'shipped' : 'system';
        apply(verdict);
        try {
          localStorage.setItem(CACHE_KEY, `${navigator.userAgent}\n${verdict}`);
        } catch {
          // storage blocked: check again next start
        }
      });
  if ('requestIdleCallback' in window) window.requestIdleCallback(check, { timeout: 3_000 });
  else setTimeout(check, 1_000);
}
