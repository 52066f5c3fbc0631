import { useState } from 'react';
import { avatarColor, initials } from '../../lib/avatar';

/**
 * Initials on a colour derived from the ID, or the picture when main has fetched one (`image`
 * is always a URL of the host's own origin: the renderer loads no remote image). A picture
 * that fails to load falls back to the initials. Decorative: the name is always written beside it.
 */
export function Avatar({ id, name, size = 44, image }: { id: string; name: string; size?: number; image?: string | undefined }) {
  const [failed, setFailed] = useState<string | null>(null);
  const showImage = image && failed !== image;
  return (
    <span
      className="avatar"
      aria-hidden="true"
      data-testid={showImage ? 'avatar-image' : undefined}
      style={{ backgroundColor: avatarColor(id), width: size, height: size, fontSize: Math.round(size * 0.38) }}
    >
      {showImage ? <img className="avatar__image" src={image} alt="" width={size} height={size} onError={() => setFailed(image)} /> : initials(name)}
    </span>
  );
}
