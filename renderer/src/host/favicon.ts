// The tab's icon carries the unread total, as the title does: Parley's icon with a red
// count drawn over it on a canvas (the browser host's answer to the dock badge). At zero the
// plain icon comes back. The link element also carries the count (data-unread), so a test
// can read what was drawn.

const SIZE = 64;
let baseHref: string | null = null;
let base: Promise<HTMLImageElement | null> | null = null;
let drawn = 0;
/** Each update supersedes the previous one, even if an earlier drawing finishes later. */
let generation = 0;

export function showUnreadInFavicon(doc: Document, count: number): void {
  const link = iconLink(doc);
  baseHref ??= link.href;
  if (count === drawn && link.dataset.unread !== undefined) return;
  drawn = count;
  const mine = ++generation;
  link.dataset.unread = String(count);
  if (count <= 0) {
    link.type = 'image/svg+xml';
    link.href = baseHref;
    return;
  }
  base ??= loadImage(doc, baseHref);
  void base.then((image) => {
    if (mine !== generation) return;
    const canvas = doc.createElement('canvas');
    canvas.width = SIZE;
    canvas.height = SIZE;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    if (image) ctx.drawImage(image, 0, 0, SIZE, SIZE);
    drawBadge(ctx, count > 99 ? '99+' : String(count));
    // Encoded and read asynchronously: toDataURL encodes on the main thread, and during a
    // burst of unread messages (the count redrawn every 250 ms) each call was one of bench
    // B5's long tasks, 60-110 ms on a loaded machine.
    canvas.toBlob((png) => {
      if (!png || mine !== generation) return;
      const reader = new FileReader();
      reader.onload = () => {
        if (mine !== generation || typeof reader.result !== 'string') return;
        link.type = 'image/png';
        link.href = reader.result;
      };
      reader.readAsDataURL(png);
    }, 'image/png');
  });
}

function drawBadge(ctx: CanvasRenderingContext2D, label: string): void {
  const radius = label.length > 2 ? 24 : 21;
  const cx = SIZE - radius;
  const cy = radius;
  ctx.beginPath();
  ctx.arc(cx, cy, radius, 0, Math.PI * 2);
  ctx.fillStyle = '#e53935';
  ctx.fill();
  ctx.lineWidth = 4;
  ctx.strokeStyle = '#ffffff';
  ctx.stroke();
  ctx.fillStyle = '#ffffff';
  ctx.font = `bold ${label.length > 2 ? 22 : label.length > 1 ? 28 : 34}px system-ui, sans-serif`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(label, cx, cy + 2);
}

function iconLink(doc: Document): HTMLLinkElement {
  let link = doc.querySelector<HTMLLinkElement>('link[rel="icon"]');
  if (!link) {
    link = doc.createElement('link');
    link.rel = 'icon';
    doc.head.append(link);
  }
  return link;
}

function loadImage(doc: Document, href: string): Promise<HTMLImageElement | null> {
  return new Promise((resolve) => {
    if (!href) return resolve(null);
    const image = doc.createElement('img');
    image.onload = () => resolve(image);
    // Without the icon, the count alone still says it.
    image.onerror = () => resolve(null);
    image.src = href;
  });
}
