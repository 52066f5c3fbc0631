import { useEffect, useState } from 'react';

/** The current time, refreshed every `intervalMs`, so "14:05" becomes "yesterday" on its own. */
export function useNow(intervalMs = 60_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
