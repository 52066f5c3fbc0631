import { avatarColor, initials } from '../../lib/avatar';

/** Initials on a colour derived from the ID. Decorative: the name is always written beside it. */
export function Avatar({ id, name, size = 44 }: { id: string; name: string; size?: number }) {
  return (
    <span
      className="avatar"
      aria-hidden="true"
      style={{ backgroundColor: avatarColor(id), width: size, height: size, fontSize: Math.round(size * 0.38) }}
    >
      {initials(name)}
    </span>
  );
}
