// The call screens' icons, drawn like common/icons.tsx (inline SVG, stroked, decorative:
// the button's aria-label says what it does).

import { Icon, type IconProps } from '../common/icons';

const HANDSET =
  'M22 16.9v3a2 2 0 0 1-2.2 2 19.8 19.8 0 0 1-8.6-3.1 19.5 19.5 0 0 1-6-6A19.8 19.8 0 0 1 2.1 4.2 2 2 0 0 1 4.1 2h3a2 2 0 0 1 2 1.7c.1 1 .4 1.9.7 2.8a2 2 0 0 1-.5 2.1L8 9.9a16 16 0 0 0 6 6l1.3-1.3a2 2 0 0 1 2.1-.4c.9.3 1.8.6 2.8.7a2 2 0 0 1 1.7 2Z';

export const PhoneIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d={HANDSET} />
  </Icon>
);

/** The handset turned down: hang up. */
export const HangUpIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d={HANDSET} transform="rotate(135 12 12)" />
  </Icon>
);

export const PhoneMissedIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="m23 1-6 6" />
    <path d="m17 1 6 6" />
    <path d={HANDSET} />
  </Icon>
);

export const PhoneOutgoingIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M16 2h6v6" />
    <path d="m22 2-7 7" />
    <path d={HANDSET} />
  </Icon>
);

export const PhoneIncomingIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M16 2v6h6" />
    <path d="m23 1-7 7" />
    <path d={HANDSET} />
  </Icon>
);

export const VideoIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="m22 8-6 4 6 4V8Z" />
    <rect x="2" y="6" width="14" height="12" rx="2" />
  </Icon>
);

export const VideoOffIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M10.7 6H14a2 2 0 0 1 2 2v3.3l1 1L22 8v8" />
    <path d="M16 16a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2V8a2 2 0 0 1 2-2h2" />
    <path d="m2 2 20 20" />
  </Icon>
);

export const MicIcon = (p: IconProps) => (
  <Icon {...p}>
    <rect x="9" y="2" width="6" height="12" rx="3" />
    <path d="M19 10v1a7 7 0 0 1-14 0v-1" />
    <path d="M12 18v4" />
  </Icon>
);

export const MicOffIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="m2 2 20 20" />
    <path d="M15 9.3V5a3 3 0 0 0-5.7-1.3" />
    <path d="M9 9v2a3 3 0 0 0 5.1 2.1" />
    <path d="M19 10v1a7 7 0 0 1-1.1 3.8" />
    <path d="M16.9 16.9A7 7 0 0 1 5 11v-1" />
    <path d="M12 18v4" />
  </Icon>
);

export const SlidersIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M4 21v-7M4 10V3M12 21v-9M12 8V3M20 21v-5M20 12V3" />
    <path d="M1 14h6M9 8h6M17 16h6" />
  </Icon>
);
