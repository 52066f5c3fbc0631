// The ringtone, looped while a call rings here; unmounting stops it at once. The sound is
// drawn at build time (scripts/draw-ringtone.mjs, from assets/sounds/ringtone.json) into
// the renderer's sounds/. A browser that refuses to autoplay simply stays silent.

import { useEffect, useRef } from 'react';

const RINGTONE = 'sounds/ringtone.wav';

export function Ringtone() {
  const audio = useRef<HTMLAudioElement>(null);
  useEffect(() => {
    const el = audio.current;
    if (!el) return;
    el.play().catch(() => undefined);
    return () => {
      el.pause();
      el.currentTime = 0;
    };
  }, []);
  return <audio ref={audio} src={RINGTONE} loop preload="auto" data-testid="ringtone" hidden />;
}
