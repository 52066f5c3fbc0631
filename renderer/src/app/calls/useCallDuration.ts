// The running "m:ss" of a call I am in, ticking every second from when I joined.

import { useEffect, useState } from 'react';
import { formatCallDuration } from './call-text';

export function useCallDuration(joinedAt: number | undefined): string | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (joinedAt === undefined) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [joinedAt]);
  return joinedAt === undefined ? null : formatCallDuration(now - joinedAt);
}
