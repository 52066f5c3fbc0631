// Avatars without images (the CSP allows no remote images): initials on a colour that
// stays the same for the same ID on every device.

// Hues spread round the wheel, each dark enough for white initials at normal-text contrast
// (WCAG AA 4.5:1: initials in a small avatar are not "large text"; e2e/a11y checks it).
const PALETTE = ['#c2410c', '#c92a2a', '#c2255c', '#9c36b5', '#4263eb', '#1971c2', '#0b7285', '#2b7a3b'];

export function avatarColor(id: string): string {
  let hash = 0;
  for (let i = 0; i < id.length; i++) hash = (hash * 31 + id.charCodeAt(i)) | 0;
  return PALETTE[Math.abs(hash) % PALETTE.length]!;
}

/**
 * Up to two letters: first letters of the first and last words ("Bob Stone" → "BS"). A
 * script without capitals (Arabic, Chinese, …) gets its first letter only: Arabic surnames
 * mostly start with the article "ال", and "王小明" is one word already.
 */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return '?';
  const first = Array.from(words[0]!)[0] ?? '';
  if (/\p{L}/u.test(first) && first.toUpperCase() === first.toLowerCase()) return first;
  const last = words.length > 1 ? (Array.from(words[words.length - 1]!)[0] ?? '') : '';
  return (first + last).toUpperCase();
}
