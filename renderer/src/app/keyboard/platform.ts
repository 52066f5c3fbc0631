// Which modifier the app's shortcuts use: Cmd on macOS, Ctrl elsewhere (as every desktop app
// on each system does). Read once; userAgentData where the browser has it (navigator.platform
// is deprecated there), navigator.platform otherwise.

export type Platform = 'mac' | 'other';

interface NavigatorLike {
  platform?: string;
  userAgentData?: { platform?: string };
}

export function detectPlatform(nav: NavigatorLike | undefined = typeof navigator === 'undefined' ? undefined : navigator): Platform {
  const name = nav?.userAgentData?.platform || nav?.platform || '';
  return /mac|iphone|ipad/i.test(name) ? 'mac' : 'other';
}

export const PLATFORM: Platform = detectPlatform();
