// A <video> playing a MediaStream (srcObject cannot be set from JSX). Remote streams carry
// the participant's audio too, so their element is never muted and plays on the speaker the
// user chose (setSinkId, where the browser has it); the local preview is always muted.

import { useEffect, useRef } from 'react';
import { applySpeaker } from './session';

interface Props {
  stream: MediaStream | null;
  muted?: boolean;
  /** The chosen speaker's deviceId; undefined: the system default. */
  sinkId?: string | undefined;
  className?: string;
  testId: string;
}

export function MediaVideo({ stream, muted = false, sinkId, className, testId }: Props) {
  const ref = useRef<HTMLVideoElement>(null);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (el.srcObject !== stream) el.srcObject = stream;
    // React's `muted` prop does not reliably reach the element; the property does.
    el.muted = muted;
    if (stream) el.play().catch(() => undefined); // autoplay refused: the element shows its first frame
  }, [stream, muted]);

  useEffect(() => {
    const el = ref.current;
    // The muted preview plays nothing; an unplugged speaker refuses and the old one keeps playing.
    if (el && !muted) void applySpeaker(el, sinkId);
  }, [sinkId, muted]);

  return <video ref={ref} className={className} data-testid={testId} autoPlay playsInline muted={muted} />;
}
